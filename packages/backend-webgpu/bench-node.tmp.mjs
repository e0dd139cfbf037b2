// ../core/src/errors.ts
var MARKER = Symbol.for("dcnn.error");
function describeValue(value) {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === void 0) return "nothing";
  try {
    const json = JSON.stringify(value);
    return json === void 0 ? String(value) : json;
  } catch {
    return String(value);
  }
}
var DcnnError = class _DcnnError extends Error {
  [MARKER] = true;
  op;
  arg;
  expected;
  actual;
  constructor(details) {
    super(`${details.op}: ${details.arg}: expected ${details.expected}, got ${details.actual}`);
    this.op = details.op;
    this.arg = details.arg;
    this.expected = details.expected;
    this.actual = details.actual;
  }
  /** True for any dcnn error, from any copy of this package. */
  static isDcnnError(value) {
    return typeof value === "object" && value !== null && value[MARKER] === true;
  }
  static [Symbol.hasInstance](value) {
    if (!_DcnnError.isDcnnError(value)) return false;
    const wanted = this.errorName;
    return wanted === void 0 || value.name === wanted;
  }
};
var ShapeError = class extends DcnnError {
  static errorName = "ShapeError";
  name = "ShapeError";
};
var AttributeError = class extends DcnnError {
  static errorName = "AttributeError";
  name = "AttributeError";
};
var UnsupportedError = class extends DcnnError {
  static errorName = "UnsupportedError";
  name = "UnsupportedError";
};
var BackendInitError = class extends DcnnError {
  static errorName = "BackendInitError";
  name = "BackendInitError";
};
var DisposedError = class extends DcnnError {
  static errorName = "DisposedError";
  name = "DisposedError";
};

// ../core/src/shape.ts
function sizeOf(shape) {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
function formatShape(shape) {
  return `[${shape.join(",")}]`;
}
function broadcastShapes(a, b) {
  const rank = Math.max(a.length, b.length);
  const out = new Array(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) return void 0;
    out[i] = da === 1 ? db : da;
  }
  return out;
}

// ../core/src/backend.ts
var BACKEND_SPEC_VERSION = "dcnn-backend/1";

// ../core/src/ops/activation.ts
var activations = [
  "none",
  "relu",
  "relu6",
  "sigmoid",
  "hardSigmoid",
  "hardSwish",
  "silu",
  "tanh",
  "gelu"
];
function isActivation(value) {
  return typeof value === "string" && activations.includes(value);
}

// ../core/src/ops/attr-kinds.ts
function fail(op, name, expected, value) {
  throw new AttributeError({ op, arg: `attribute '${name}'`, expected, actual: describeValue(value) });
}
function isInt(v) {
  return typeof v === "number" && Number.isInteger(v);
}
function intArray(length, min, what) {
  return (op, name, value) => {
    if (!Array.isArray(value) || value.length !== length || !value.every((v) => isInt(v) && v >= min)) {
      fail(op, name, `${length} ${what}`, value);
    }
    return [...value];
  };
}
var positivePair = intArray(2, 1, "integers >= 1");
var pads4 = intArray(4, 0, "integers >= 0 [top, left, bottom, right]");
var positiveInt = (op, name, value) => isInt(value) && value >= 1 ? value : fail(op, name, "an integer >= 1", value);
var integer = (op, name, value) => isInt(value) ? value : fail(op, name, "an integer", value);
var boolean = (op, name, value) => typeof value === "boolean" ? value : fail(op, name, "true or false", value);
var number = (op, name, value) => typeof value === "number" && !Number.isNaN(value) ? value : fail(op, name, "a number", value);
var positiveNumber = (op, name, value) => typeof value === "number" && Number.isFinite(value) && value > 0 ? value : fail(op, name, "a finite number > 0", value);
var nonNegativeNumber = (op, name, value) => typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : fail(op, name, "a finite number >= 0", value);
var activation = (op, name, value) => isActivation(value) ? value : fail(op, name, `one of ${activations.join(", ")}`, value);
var integers = (op, name, value) => Array.isArray(value) && value.every(isInt) ? [...value] : fail(op, name, "an array of integers", value);
var nonNegativeIntegers = (op, name, value) => Array.isArray(value) && value.every((v) => isInt(v) && v >= 0) ? [...value] : fail(op, name, "an array of integers >= 0", value);
var integersOrNull = (op, name, value) => value === null ? null : integers(op, name, value);

// ../core/src/ops/spec.ts
function slots(...names) {
  return names.map((n) => ({
    name: n.replace(/[?*]$/, ""),
    optional: n.endsWith("?"),
    list: n.endsWith("*")
  }));
}
function resolveAttrs(spec, given = {}) {
  const resolved = { ...spec.defaults };
  const kinds = spec.attrKinds;
  for (const [name, value] of Object.entries(given)) {
    if (!(name in kinds)) {
      const known = Object.keys(kinds);
      throw new AttributeError({
        op: spec.name,
        arg: `attribute '${name}'`,
        expected: known.length ? `one of the attributes ${known.join(", ")}` : "no attributes",
        actual: `${describeValue(value)}`
      });
    }
    if (value === void 0) continue;
    resolved[name] = kinds[name](spec.name, name, value);
  }
  return resolved;
}
function requireRank(op, arg, shape, rank, layout) {
  const ranks = Array.isArray(rank) ? rank : [rank];
  if (!ranks.includes(shape.length)) {
    throw new ShapeError({
      op,
      arg: `input '${arg}'`,
      expected: `rank ${ranks.join(" or ")} ${layout}`,
      actual: `shape ${formatShape(shape)}`
    });
  }
}
function requireShape(op, arg, shape, expected, layout) {
  if (shape.length !== expected.length || shape.some((d, i) => d !== expected[i])) {
    throw new ShapeError({
      op,
      arg: `input '${arg}'`,
      expected: `shape ${formatShape(expected)} ${layout}`,
      actual: `shape ${formatShape(shape)}`
    });
  }
}
function shapeError(op, arg, expected, actual) {
  throw new ShapeError({ op, arg, expected, actual });
}
function attributeError(op, arg, expected, actual) {
  throw new AttributeError({ op, arg: `attribute '${arg}'`, expected, actual: describeValue(actual) });
}
function checkAxis(op, name, axis, rank) {
  if (axis < -rank || axis >= rank) attributeError(op, name, `an axis in [${-rank}, ${rank})`, axis);
  return axis < 0 ? axis + rank : axis;
}

// ../core/src/ops/batch-norm.ts
var batchNormSpec = {
  name: "batchNorm",
  summary: "y = (x - mean) / sqrt(var + epsilon) \xB7 scale + bias, per channel (axis 1).",
  inputs: slots("x", "scale", "bias", "mean", "var"),
  defaults: { epsilon: 1e-5 },
  attrKinds: { epsilon: nonNegativeNumber },
  infer({ x, scale, bias, mean, var: variance }) {
    requireRank("batchNorm", "x", x, [2, 3, 4, 5], "[N, C, ...]");
    const c = [x[1]];
    requireShape("batchNorm", "scale", scale, c, "[C]");
    requireShape("batchNorm", "bias", bias, c, "[C]");
    requireShape("batchNorm", "mean", mean, c, "[C]");
    requireShape("batchNorm", "var", variance, c, "[C]");
    return [x];
  }
};

// ../core/src/ops/conv-geometry.ts
function convOutputSize(op, h, w, kernel, strides, pads, dilations) {
  const oh = Math.floor((h + pads[0] + pads[2] - (dilations[0] * (kernel[0] - 1) + 1)) / strides[0]) + 1;
  const ow = Math.floor((w + pads[1] + pads[3] - (dilations[1] * (kernel[1] - 1) + 1)) / strides[1]) + 1;
  if (oh <= 0 || ow <= 0) {
    shapeError(
      op,
      "output size",
      "a positive output size (the padded input must cover one dilated kernel window)",
      `[${oh},${ow}] from input [${h},${w}], kernel [${kernel}], pads [${pads}], dilations [${dilations}], strides [${strides}]`
    );
  }
  return [oh, ow];
}
function poolOutputSize(op, h, w, kernel, strides, pads, dilations, ceilMode) {
  const axis = (size, k, s, begin, end, d) => {
    const span = size + begin + end - (d * (k - 1) + 1);
    if (span < 0) return 0;
    let out = (ceilMode ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
    if (ceilMode && (out - 1) * s >= size + begin) out--;
    return out;
  };
  const oh = axis(h, kernel[0], strides[0], pads[0], pads[2], dilations[0]);
  const ow = axis(w, kernel[1], strides[1], pads[1], pads[3], dilations[1]);
  if (oh <= 0 || ow <= 0) {
    shapeError(
      op,
      "output size",
      "a positive output size (the padded input must cover one dilated window)",
      `[${oh},${ow}] from input [${h},${w}], kernel [${kernel}], pads [${pads}], strides [${strides}]`
    );
  }
  return [oh, ow];
}

// ../core/src/ops/conv.ts
var convDefaults = {
  strides: [1, 1],
  pads: [0, 0, 0, 0],
  dilations: [1, 1],
  group: 1,
  activation: "none"
};
var convAttrKinds = {
  strides: positivePair,
  pads: pads4,
  dilations: positivePair,
  group: positiveInt,
  activation
};
var NCHW = "[N, C, H, W]";
function convOutput(op, x, kernel, attrs) {
  requireRank(op, "x", x, 4, NCHW);
  const [n, c, h, w] = x;
  const [m, cPerGroup, kh, kw] = kernel.slice(-4);
  const { group } = attrs;
  if (c % group !== 0) shapeError(op, "input 'x'", `channels C divisible by group ${group}`, `C = ${c}`);
  if (m % group !== 0) shapeError(op, "input 'w'", `output channels M divisible by group ${group}`, `M = ${m}`);
  if (cPerGroup !== c / group) {
    shapeError(op, "input 'w'", `kernel channels C/group = ${c / group}`, `${cPerGroup} in shape ${formatShape(kernel)}`);
  }
  if (kh < 1 || kw < 1) shapeError(op, "input 'w'", "a kernel of at least 1x1", formatShape(kernel));
  const [oh, ow] = convOutputSize(op, h, w, [kh, kw], attrs.strides, attrs.pads, attrs.dilations);
  return [n, m, oh, ow];
}
var conv2dSpec = {
  name: "conv2d",
  summary: "Grouped 2-D convolution; a 5-D weight [N, M, C/group, kh, kw] gives every sample its own kernel.",
  inputs: slots("x", "w", "b?"),
  defaults: convDefaults,
  attrKinds: convAttrKinds,
  infer({ x, w, b }, attrs) {
    requireRank("conv2d", "w", w, [4, 5], "[M, C/group, kh, kw] or per-sample [N, M, C/group, kh, kw]");
    const out = convOutput("conv2d", x, w, attrs);
    const [n, m] = out;
    if (w.length === 5 && w[0] !== n) {
      shapeError("conv2d", "input 'w'", `per-sample kernels for N = ${n} samples`, `shape ${formatShape(w)}`);
    }
    if (b) {
      if (b.length === 2) requireShape("conv2d", "b", b, [n, m], "[N, M] (per-sample bias)");
      else requireShape("conv2d", "b", b, [m], "[M]");
    }
    return [out];
  }
};
var dynamicConv2dSpec = {
  name: "dynamicConv2d",
  summary: "Convolution with a kernel aggregated per sample from a bank of K (DyConv, CondConv, ODConv).",
  inputs: slots("x", "w", "a", "b?", "spatialAttn?", "channelAttn?", "filterAttn?"),
  defaults: convDefaults,
  attrKinds: convAttrKinds,
  infer({ x, w, a, b, spatialAttn, channelAttn, filterAttn }, attrs) {
    const op = "dynamicConv2d";
    requireRank(op, "w", w, 5, "[K, M, C/group, kh, kw]");
    const out = convOutput(op, x, w, attrs);
    const [n, m] = out;
    const [k, , , kh, kw] = w;
    requireShape(op, "a", a, [n, k], "[N, K] (attention over the K kernels of w)");
    if (b) requireShape(op, "b", b, [k, m], "[K, M]");
    if (spatialAttn) requireShape(op, "spatialAttn", spatialAttn, [n, kh, kw], "[N, kh, kw]");
    if (channelAttn) requireShape(op, "channelAttn", channelAttn, [n, x[1]], "[N, C]");
    if (filterAttn) requireShape(op, "filterAttn", filterAttn, [n, m], "[N, M]");
    return [out];
  }
};
var deformConv2dSpec = {
  name: "deformConv2d",
  summary: "Deformable convolution (ONNX DeformConv, torchvision): learned offsets and an optional DCNv2 mask.",
  inputs: slots("x", "w", "offset", "b?", "mask?"),
  defaults: { ...convDefaults, offsetGroup: 1 },
  attrKinds: { ...convAttrKinds, offsetGroup: positiveInt },
  infer({ x, w, offset, b, mask }, attrs) {
    const op = "deformConv2d";
    requireRank(op, "w", w, 4, "[M, C/group, kh, kw]");
    const out = convOutput(op, x, w, attrs);
    const [n, m, oh, ow] = out;
    const taps = attrs.offsetGroup * w[2] * w[3];
    if (x[1] % attrs.offsetGroup !== 0) {
      shapeError(op, "input 'x'", `channels C divisible by offsetGroup ${attrs.offsetGroup}`, `C = ${x[1]}`);
    }
    requireShape(op, "offset", offset, [n, 2 * taps, oh, ow], "[N, offsetGroup*kh*kw*2, oH, oW]");
    if (mask) requireShape(op, "mask", mask, [n, taps, oh, ow], "[N, offsetGroup*kh*kw, oH, oW]");
    if (b) requireShape(op, "b", b, [m], "[M]");
    return [out];
  }
};

// ../core/src/ops/dense.ts
var denseSpec = {
  name: "dense",
  summary: "y = act(x \xB7 w\u1D40 + b) with x [N, F] and w [O, F].",
  inputs: slots("x", "w", "b?"),
  defaults: { activation: "none" },
  attrKinds: { activation },
  infer({ x, w, b }) {
    requireRank("dense", "x", x, 2, "[N, F]");
    requireRank("dense", "w", w, 2, "[O, F]");
    if (w[1] !== x[1]) shapeError("dense", "input 'w'", `[O, F] with F = ${x[1]} (x's features)`, `shape ${formatShape(w)}`);
    if (b) requireShape("dense", "b", b, [w[0]], "[O]");
    return [[x[0], w[0]]];
  }
};

// ../core/src/ops/elementwise.ts
function unary(name, summary, defaults, attrKinds) {
  return { name, summary, inputs: slots("x"), defaults, attrKinds, infer: ({ x }) => [x] };
}
var reluSpec = unary("relu", "max(x, 0)", {}, {});
var relu6Spec = unary("relu6", "min(max(x, 0), 6)", {}, {});
var sigmoidSpec = unary("sigmoid", "1 / (1 + exp(-x))", {}, {});
var tanhSpec = unary("tanh", "tanh(x)", {}, {});
var expSpec = unary("exp", "exp(x)", {}, {});
var siluSpec = unary("silu", "x \xB7 sigmoid(x)", {}, {});
var geluSpec = unary("gelu", "x \xB7 \u03A6(x), the erf form", {}, {});
var hardSigmoidSpec = unary(
  "hardSigmoid",
  "max(0, min(1, alpha\xB7x + beta))",
  { alpha: 0.2, beta: 0.5 },
  { alpha: number, beta: number }
);
var hardSwishSpec = unary("hardSwish", "x \xB7 max(0, min(1, x/6 + 0.5))", {}, {});
var leakyReluSpec = unary("leakyRelu", "x if x >= 0 else alpha\xB7x", { alpha: 0.01 }, { alpha: number });
var clipBase = unary("clip", "min(max(x, min), max)", { min: -Infinity, max: Infinity }, { min: number, max: number });
var clipSpec = {
  ...clipBase,
  infer({ x }, attrs) {
    if (attrs.min > attrs.max) attributeError("clip", "min", `a value <= max (${attrs.max})`, attrs.min);
    return [x];
  }
};
function binary(name, summary) {
  return {
    name,
    summary,
    inputs: slots("a", "b"),
    defaults: {},
    attrKinds: {},
    infer({ a, b }) {
      const out = broadcastShapes(a, b);
      if (!out) shapeError(name, "inputs 'a' and 'b'", "shapes that broadcast (NumPy rules)", `${formatShape(a)} and ${formatShape(b)}`);
      return [out];
    }
  };
}
var addSpec = binary("add", "a + b, broadcasting");
var subSpec = binary("sub", "a - b, broadcasting");
var mulSpec = binary("mul", "a \xB7 b, broadcasting");
var divSpec = binary("div", "a / b, broadcasting");

// ../core/src/ops/pooling.ts
var NCHW2 = "[N, C, H, W]";
function globalPool(name, summary) {
  const spec = {
    name,
    summary,
    inputs: slots("x"),
    defaults: {},
    attrKinds: {},
    infer({ x }) {
      requireRank(name, "x", x, 4, NCHW2);
      return [[x[0], x[1], 1, 1]];
    }
  };
  return spec;
}
var globalAvgPoolSpec = globalPool("globalAvgPool", "Mean over H and W: [N, C, H, W] \u2192 [N, C, 1, 1].");
var globalMaxPoolSpec = globalPool("globalMaxPool", "Max over H and W: [N, C, H, W] \u2192 [N, C, 1, 1].");
var poolDefaults = {
  kernel: [1, 1],
  strides: [1, 1],
  pads: [0, 0, 0, 0],
  dilations: [1, 1],
  ceilMode: false
};
var poolKinds = {
  kernel: positivePair,
  strides: positivePair,
  pads: pads4,
  dilations: positivePair,
  ceilMode: boolean
};
function inferPool(op, x, attrs) {
  requireRank(op, "x", x, 4, NCHW2);
  const [oh, ow] = poolOutputSize(op, x[2], x[3], attrs.kernel, attrs.strides, attrs.pads, attrs.dilations, attrs.ceilMode);
  return [[x[0], x[1], oh, ow]];
}
var avgPool2dSpec = {
  name: "avgPool2d",
  summary: "Windowed mean; padding excluded from the divisor unless countIncludePad.",
  inputs: slots("x"),
  defaults: { ...poolDefaults, countIncludePad: false },
  attrKinds: { ...poolKinds, countIncludePad: boolean },
  infer: ({ x }, attrs) => inferPool("avgPool2d", x, attrs)
};
var maxPool2dSpec = {
  name: "maxPool2d",
  summary: "Windowed max; padding never wins.",
  inputs: slots("x"),
  defaults: poolDefaults,
  attrKinds: poolKinds,
  infer: ({ x }, attrs) => inferPool("maxPool2d", x, attrs)
};

// ../core/src/ops/reduce.ts
function reducedAxes(op, rank, axes) {
  if (axes === null || axes.length === 0) return [...Array(rank).keys()];
  const normalised = axes.map((a) => checkAxis(op, "axes", a, rank));
  if (new Set(normalised).size !== normalised.length) attributeError(op, "axes", "distinct axes", axes);
  return normalised.sort((a, b) => a - b);
}
function reduction(name, summary) {
  return {
    name,
    summary,
    inputs: slots("x"),
    defaults: { axes: null, keepDims: true },
    attrKinds: { axes: integersOrNull, keepDims: boolean },
    infer({ x }, attrs) {
      const axes = new Set(reducedAxes(name, x.length, attrs.axes));
      if (attrs.keepDims) return [x.map((d, i) => axes.has(i) ? 1 : d)];
      return [x.filter((_, i) => !axes.has(i))];
    }
  };
}
var reduceMeanSpec = reduction("reduceMean", "Mean over axes (all when absent).");
var reduceMaxSpec = reduction("reduceMax", "Max over axes (all when absent).");
var reduceSumSpec = reduction("reduceSum", "Sum over axes (all when absent).");
var softmaxSpec = {
  name: "softmax",
  summary: "softmax(x / temperature) along axis, computed stably.",
  inputs: slots("x"),
  defaults: { axis: -1, temperature: 1 },
  attrKinds: { axis: integer, temperature: positiveNumber },
  infer({ x }, attrs) {
    checkAxis("softmax", "axis", attrs.axis, x.length);
    return [x];
  }
};

// ../core/src/ops/shape-ops.ts
var concatSpec = {
  name: "concat",
  summary: "Joins tensors along axis; other dims must agree.",
  inputs: slots("xs*"),
  defaults: { axis: 0 },
  attrKinds: { axis: integer },
  infer({ xs }, attrs) {
    if (xs.length === 0) shapeError("concat", "input 'xs'", "at least one tensor", "none");
    const first = xs[0];
    const axis = checkAxis("concat", "axis", attrs.axis, first.length);
    let total = 0;
    xs.forEach((s, i) => {
      const agrees = s.length === first.length && s.every((d, j) => j === axis || d === first[j]);
      if (!agrees) {
        shapeError("concat", `input 'xs[${i}]'`, `rank ${first.length} and dims of ${formatShape(first)} except axis ${axis}`, formatShape(s));
      }
      total += s[axis];
    });
    return [first.map((d, j) => j === axis ? total : d)];
  }
};
var splitSpec = {
  name: "split",
  summary: "Cuts a tensor along axis into pieces of the given sizes.",
  inputs: slots("x"),
  defaults: { axis: 0, sizes: [] },
  attrKinds: { axis: integer, sizes: nonNegativeIntegers },
  infer({ x }, attrs) {
    const axis = checkAxis("split", "axis", attrs.axis, x.length);
    const total = attrs.sizes.reduce((s, v) => s + v, 0);
    if (attrs.sizes.length === 0 || total !== x[axis]) {
      attributeError("split", "sizes", `one or more sizes summing to ${x[axis]} (dim ${axis} of ${formatShape(x)})`, attrs.sizes);
    }
    return attrs.sizes.map((size) => x.map((d, j) => j === axis ? size : d));
  }
};
var reshapeSpec = {
  name: "reshape",
  summary: "Same data, new shape; one -1 is inferred.",
  inputs: slots("x"),
  defaults: { shape: [] },
  attrKinds: { shape: integers },
  infer({ x }, attrs) {
    const { shape } = attrs;
    const inferred = shape.filter((d) => d === -1).length;
    if (inferred > 1 || shape.some((d) => d < -1)) attributeError("reshape", "shape", "dims >= 0 with at most one -1", shape);
    const count = sizeOf(x);
    const known = shape.reduce((p, d) => d === -1 ? p : p * d, 1);
    const out = shape.map((d) => d === -1 ? known === 0 ? 0 : count / known : d);
    if (sizeOf(out) !== count || out.some((d) => !Number.isInteger(d))) {
      attributeError("reshape", "shape", `a shape of ${count} elements (input ${formatShape(x)})`, shape);
    }
    return [out];
  }
};
function resolvePerm(rank, perm) {
  if (perm === null) return [...Array(rank).keys()].reverse();
  const valid = perm.length === rank && [...perm].sort((a, b) => a - b).every((p, i) => p === i);
  if (!valid) attributeError("transpose", "perm", `a permutation of 0..${rank - 1}`, perm);
  return perm;
}
var transposeSpec = {
  name: "transpose",
  summary: "Permutes axes (reverses them when perm is absent).",
  inputs: slots("x"),
  defaults: { perm: null },
  attrKinds: { perm: integersOrNull },
  infer({ x }, attrs) {
    return [resolvePerm(x.length, attrs.perm).map((p) => x[p])];
  }
};

// ../core/src/ops/index.ts
var opSpecs = {
  conv2d: conv2dSpec,
  dynamicConv2d: dynamicConv2dSpec,
  deformConv2d: deformConv2dSpec,
  dense: denseSpec,
  globalAvgPool: globalAvgPoolSpec,
  globalMaxPool: globalMaxPoolSpec,
  avgPool2d: avgPool2dSpec,
  maxPool2d: maxPool2dSpec,
  batchNorm: batchNormSpec,
  relu: reluSpec,
  relu6: relu6Spec,
  sigmoid: sigmoidSpec,
  tanh: tanhSpec,
  exp: expSpec,
  silu: siluSpec,
  gelu: geluSpec,
  hardSigmoid: hardSigmoidSpec,
  hardSwish: hardSwishSpec,
  leakyRelu: leakyReluSpec,
  clip: clipSpec,
  add: addSpec,
  sub: subSpec,
  mul: mulSpec,
  div: divSpec,
  reduceMean: reduceMeanSpec,
  reduceMax: reduceMaxSpec,
  reduceSum: reduceSumSpec,
  softmax: softmaxSpec,
  concat: concatSpec,
  split: splitSpec,
  reshape: reshapeSpec,
  transpose: transposeSpec
};
var opNames = Object.keys(opSpecs);
function isOpName(name) {
  return Object.prototype.hasOwnProperty.call(opSpecs, name);
}

// ../core/src/tracking.ts
var live = /* @__PURE__ */ new Map();
var scopes = [];
function track(t) {
  live.set(t.backend, (live.get(t.backend) ?? 0) + 1);
  scopes.at(-1)?.add(t);
}
function untrack(t) {
  live.set(t.backend, (live.get(t.backend) ?? 1) - 1);
  for (const s of scopes) s.delete(t);
}

// ../core/src/tensor.ts
var TENSOR_MARKER = Symbol.for("dcnn.tensor");
function isTensor(value) {
  return typeof value === "object" && value !== null && value[TENSOR_MARKER] === true;
}
var Tensor = class {
  [TENSOR_MARKER] = true;
  dtype = "float32";
  shape;
  backend;
  #handle;
  #disposed = false;
  /** Wraps a handle the backend just created; the tensor owns it from now on. */
  constructor(backend, handle, shape) {
    this.backend = backend;
    this.#handle = handle;
    this.shape = Object.freeze([...shape]);
    track(this);
  }
  get rank() {
    return this.shape.length;
  }
  get size() {
    return sizeOf(this.shape);
  }
  get isDisposed() {
    return this.#disposed;
  }
  /** The backend handle; throws `DisposedError` after `dispose()`. */
  handle(op = "tensor") {
    if (this.#disposed) {
      throw new DisposedError({ op, arg: "tensor", expected: "a live tensor", actual: `a disposed tensor of shape ${formatShape(this.shape)}` });
    }
    return this.#handle;
  }
  /** Reads the data back as float32. */
  async data() {
    return this.backend.read(this.handle("data"), this.shape);
  }
  /** Reads the data back at the backend's full precision (float64 for the reference). */
  async data64() {
    const handle = this.handle("data64");
    if (this.backend.readFloat64) return this.backend.readFloat64(handle, this.shape);
    return Float64Array.from(await this.backend.read(handle, this.shape));
  }
  /** Frees the data. Safe to call twice. */
  dispose() {
    if (this.#disposed) return;
    this.#disposed = true;
    untrack(this);
    this.backend.free(this.#handle);
    this.#handle = void 0;
  }
  toString() {
    return `Tensor(${formatShape(this.shape)}, ${this.dtype}, ${this.backend.name}${this.#disposed ? ", disposed" : ""})`;
  }
};
function tensor(backend, data, shape) {
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new ShapeError({ op: "tensor", arg: "shape", expected: "non-negative integer dimensions", actual: formatShape(shape) });
  }
  if (data.length !== sizeOf(shape)) {
    throw new ShapeError({ op: "tensor", arg: "data", expected: `${sizeOf(shape)} values for shape ${formatShape(shape)}`, actual: `${data.length} values` });
  }
  const f32 = data instanceof Float32Array ? data : Float32Array.from(data);
  return new Tensor(backend, backend.upload(f32, shape), shape);
}

// ../core/src/execute.ts
var MAX_ELEMENTS = 2 ** 31 - 1;
function runOp(op, inputs, attrs = {}) {
  if (!isOpName(op)) {
    throw new UnsupportedError({ op: String(op), arg: "op", expected: "an op of SPEC.md", actual: describeValue(op) });
  }
  const spec = opSpecs[op];
  const given = inputs;
  const kernelInputs = {};
  const shapes = {};
  let backend;
  const admit = (name, t) => {
    if (!isTensor(t)) {
      throw new ShapeError({ op, arg: `input '${name}'`, expected: "a Tensor", actual: describeValue(t) });
    }
    if (t.isDisposed) {
      throw new DisposedError({ op, arg: `input '${name}'`, expected: "a live tensor", actual: `a disposed tensor of shape ${formatShape(t.shape)}` });
    }
    const handle = t.handle(op);
    if (backend && t.backend !== backend) {
      throw new ShapeError({ op, arg: `input '${name}'`, expected: `a tensor on backend '${backend.name}' like the other inputs`, actual: `a tensor on '${t.backend.name}'` });
    }
    backend = t.backend;
    return { shape: t.shape, handle };
  };
  const known = new Set(spec.inputs.map((s) => s.name));
  for (const name of Object.keys(given)) {
    if (!known.has(name) && given[name] !== void 0) {
      throw new ShapeError({ op, arg: `input '${name}'`, expected: `one of the inputs ${[...known].join(", ")}`, actual: "an unknown input" });
    }
  }
  for (const slot of spec.inputs) {
    const value = given[slot.name];
    if (value === void 0 || value === null) {
      if (slot.optional) continue;
      throw new ShapeError({ op, arg: `input '${slot.name}'`, expected: "a tensor (required)", actual: "nothing" });
    }
    if (slot.list) {
      if (!Array.isArray(value)) throw new ShapeError({ op, arg: `input '${slot.name}'`, expected: "an array of tensors", actual: describeValue(value) });
      const list = value.map((t, i) => admit(`${slot.name}[${i}]`, t));
      kernelInputs[slot.name] = list;
      shapes[slot.name] = list.map((k) => k.shape);
    } else {
      const k = admit(slot.name, value);
      kernelInputs[slot.name] = k;
      shapes[slot.name] = k.shape;
    }
  }
  if (!backend) {
    throw new ShapeError({ op, arg: "inputs", expected: "at least one tensor", actual: "none" });
  }
  const resolved = resolveAttrs(spec, attrs);
  const outShapes = spec.infer(shapes, resolved);
  for (const s of outShapes) {
    if (sizeOf(s) > MAX_ELEMENTS) {
      throw new UnsupportedError({ op, arg: "output", expected: `at most ${MAX_ELEMENTS} elements`, actual: `shape ${formatShape(s)}` });
    }
  }
  const kernel = backend.kernels[op];
  const result = kernel(kernelInputs, resolved, outShapes);
  const owner = backend;
  if (Array.isArray(result)) return result.map((h, i) => new Tensor(owner, h, outShapes[i]));
  return new Tensor(owner, result, outShapes[0]);
}

// src/device/node-dawn.ts
var SWIFTSHADER_ICD = "/usr/lib/chromium/vk_swiftshader_icd.json";
var CHROMIUM_VULKAN = "/usr/lib/chromium/libvulkan.so.1";
var LOADER_DIRS = ["/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib/x86_64-linux-gnu", "/usr/local/lib"];
var RTLD_NODELETE = 4096;
function nodeInit(reason, expected) {
  return new BackendInitError({ op: "webgpu", arg: "Node WebGPU (Dawn)", expected, actual: reason });
}
async function setupVulkan() {
  const fs = await import("node:fs");
  const path = await import("node:path");
  const os = await import("node:os");
  const env = process.env;
  if (!env.VK_ICD_FILENAMES && !env.VK_DRIVER_FILES && fs.existsSync(SWIFTSHADER_ICD)) env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  if (process.platform !== "linux") return { icd: env.VK_ICD_FILENAMES, loader: void 0 };
  const dirs = [...(env.LD_LIBRARY_PATH ?? "").split(":").filter(Boolean), ...LOADER_DIRS];
  const system = dirs.map((d) => path.join(d, "libvulkan.so.1")).find((p) => fs.existsSync(p));
  if (system) return { icd: env.VK_ICD_FILENAMES, loader: system };
  if (!fs.existsSync(CHROMIUM_VULKAN)) {
    throw nodeInit("no Vulkan loader (libvulkan.so.1) on this machine", "a Vulkan loader: apt-get install -y libvulkan1 (and a driver, e.g. Chromium's SwiftShader)");
  }
  const flags = os.constants.dlopen.RTLD_NOW | os.constants.dlopen.RTLD_GLOBAL | RTLD_NODELETE;
  try {
    process.dlopen({ exports: {} }, CHROMIUM_VULKAN, flags);
  } catch {
  }
  return { icd: env.VK_ICD_FILENAMES, loader: CHROMIUM_VULKAN };
}
var instance;
function nodeGpu() {
  instance ??= createNodeGpu().catch((error) => {
    instance = void 0;
    throw error;
  });
  return instance;
}
async function createNodeGpu() {
  await setupVulkan();
  const name = "webgpu";
  let mod;
  try {
    mod = await import(
      /* @vite-ignore */
      name
    );
  } catch (error) {
    throw nodeInit(`the 'webgpu' package could not be loaded (${error.message})`, "the 'webgpu' npm package (Dawn for Node), e.g. pnpm add webgpu@0.6.2");
  }
  return mod.create([]);
}

// src/device/acquire.ts
var RAISED_LIMITS = [
  "maxStorageBufferBindingSize",
  "maxBufferSize",
  "maxComputeWorkgroupStorageSize",
  "maxComputeInvocationsPerWorkgroup",
  "maxComputeWorkgroupSizeX",
  "maxComputeWorkgroupSizeY",
  "maxComputeWorkgroupsPerDimension",
  "maxStorageBuffersPerShaderStage"
];
var OPTIONAL_FEATURES = ["timestamp-query"];
function initError(arg, expected, actual) {
  return new BackendInitError({ op: "webgpu", arg, expected, actual });
}
async function findGpu(options) {
  if (options.gpu) return options.gpu;
  const nav = globalThis.navigator;
  if (nav?.gpu) return nav.gpu;
  if (typeof process !== "undefined" && process.versions?.node) return nodeGpu();
  throw initError("navigator.gpu", "a browser with WebGPU (Chromium: start with --enable-unsafe-webgpu where it is not on by default)", "navigator.gpu is undefined");
}
function describeAdapter(adapter) {
  const info = adapter.info;
  const parts = [info?.vendor, info?.architecture, info?.device, info?.description].filter(Boolean);
  const fallback = Boolean(info?.isFallbackAdapter ?? adapter.isFallbackAdapter);
  return { text: parts.join(" ") || "unknown adapter", fallback };
}
async function acquireDevice(options = {}) {
  if (options.device) return { device: options.device, gpu: options.gpu, owned: false, adapterInfo: "caller-provided device", isFallbackAdapter: false };
  const gpu2 = await findGpu(options);
  let adapter;
  try {
    adapter = await gpu2.requestAdapter({ powerPreference: options.powerPreference });
  } catch (error) {
    throw initError("adapter", "a WebGPU adapter", `requestAdapter() failed: ${error.message}`);
  }
  if (!adapter) {
    throw initError("adapter", "a WebGPU adapter (a GPU driver; in Node a Vulkan driver such as SwiftShader via VK_ICD_FILENAMES)", "requestAdapter() returned null");
  }
  const missing = (options.requiredFeatures ?? []).filter((f) => !adapter.features.has(f));
  if (missing.length) throw initError("adapter features", `the features ${(options.requiredFeatures ?? []).join(", ")}`, `an adapter without ${missing.join(", ")}`);
  const requiredLimits = {};
  for (const name of RAISED_LIMITS) requiredLimits[name] = adapter.limits[name];
  const requiredFeatures = [...options.requiredFeatures ?? [], ...OPTIONAL_FEATURES.filter((f) => adapter.features.has(f))];
  let device;
  try {
    device = await adapter.requestDevice({ requiredLimits, requiredFeatures: [...new Set(requiredFeatures)] });
  } catch (error) {
    throw initError("device", "a WebGPU device", `requestDevice() failed: ${error.message}`);
  }
  const { text, fallback } = describeAdapter(adapter);
  return { device, gpu: gpu2, owned: true, adapterInfo: text, isFallbackAdapter: fallback };
}

// src/wgsl/indexing.ts
function offsetsFromIndex(index, rank, shape, offsets) {
  const lines = [`  var rem_ = ${index};`, ...offsets.map(([off]) => `  var ${off} = 0u;`)];
  for (let d = rank - 1; d >= 0; d--) {
    lines.push(`  { let i_ = rem_ % u.${shape}${d}; rem_ = rem_ / u.${shape}${d};`);
    for (const [off, strides] of offsets) lines.push(`    ${off} = ${off} + i_ * u.${strides}${d};`);
    lines.push("  }");
  }
  return lines.join("\n");
}

// src/wgsl/program.ts
var WGSL_PRELUDE = (
  /* wgsl */
  `
fn is_nan(v: f32) -> bool { return (bitcast<u32>(v) & 0x7fffffffu) > 0x7f800000u; }
`
);
function generate(spec) {
  const [x, y = 1, z = 1] = spec.workgroup;
  const threads = x * y * z;
  const fields = spec.uniforms.length ? spec.uniforms.map(([n, t]) => `  ${n}: ${t},`).join("\n") : "  unused_: u32,";
  const bindings = spec.bindings.map((b, i) => `@group(0) @binding(${i + 1}) var<storage, ${b.access}> ${b.name}: array<${b.element ?? "f32"}>;`).join("\n");
  return `struct Uniforms {
${fields}
};
@group(0) @binding(0) var<uniform> u: Uniforms;
${bindings}
${WGSL_PRELUDE}
${spec.helpers ?? ""}
@compute @workgroup_size(${x}, ${y}, ${z})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) li: u32, @builtin(local_invocation_id) lid: vec3<u32>) {
  let gi = (wid.y * nwg.x + wid.x) * ${threads}u + li;
${spec.body}
}
`;
}
function packUniforms(spec, values) {
  const bytes = Math.max(16, Math.ceil(spec.uniforms.length * 4 / 16) * 16);
  const buffer = new ArrayBuffer(bytes);
  const view = new DataView(buffer);
  spec.uniforms.forEach(([name, type], i) => {
    const v = values[name];
    if (v === void 0) throw new Error(`uniform '${name}' of program '${spec.key}' has no value`);
    if (type === "f32") view.setFloat32(i * 4, v, true);
    else if (type === "i32") view.setInt32(i * 4, v, true);
    else view.setUint32(i * 4, v, true);
  });
  return buffer;
}
function u32s(prefix, n) {
  return Array.from({ length: n }, (_, i) => [`${prefix}${i}`, "u32"]);
}
function named(prefix, values) {
  return Object.fromEntries(values.map((v, i) => [`${prefix}${i}`, v]));
}
var guard = (count = "u.total") => `  if (gi >= ${count}) { return; }`;

// src/kernels/common.ts
function sizeOf2(shape) {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
function stridesOf(shape) {
  const s = new Array(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}
var WG = 64;

// src/kernels/binary.ts
var binaryExpr = { add: "p + q", sub: "p - q", mul: "p * q", div: "p / q" };
function program(op, mode, rank) {
  const bindings = [{ name: "a", access: "read" }, { name: "b", access: "read" }, { name: "y", access: "read_write" }];
  const expr = binaryExpr[op];
  if (mode !== "broadcast") {
    const p = mode === "scalarA" ? "a[0]" : "a[gi]";
    const q = mode === "scalarB" ? "b[0]" : "b[gi]";
    return { key: `binary/${op}/${mode}`, uniforms: [["total", "u32"]], bindings, workgroup: [WG], body: `${guard()}
  let p = ${p};
  let q = ${q};
  y[gi] = ${expr};` };
  }
  return {
    key: `binary/${op}/broadcast/${rank}`,
    uniforms: [["total", "u32"], ...u32s("o", rank), ...u32s("sa", rank), ...u32s("sb", rank)],
    bindings,
    workgroup: [WG],
    body: `${guard()}
${offsetsFromIndex("gi", rank, "o", [["ia", "sa"], ["ib", "sb"]])}
  let p = a[ia];
  let q = b[ib];
  y[gi] = ${expr};`
  };
}
function broadcastStrides(shape, out) {
  const own = stridesOf(shape);
  const offset = out.length - shape.length;
  return out.map((_, i) => i < offset || shape[i - offset] === 1 ? 0 : own[i - offset]);
}
function sameShape(a, b) {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
function runBinary(ctx, op, a, b, out) {
  const c = ctx();
  const total = sizeOf2(out);
  const y = c.allocate(op, total);
  const sa = sizeOf2(a.shape);
  const sb = sizeOf2(b.shape);
  let mode = "broadcast";
  if (sameShape(a.shape, out) && sameShape(b.shape, out)) mode = "same";
  else if (sa === 1 && sameShape(b.shape, out)) mode = "scalarA";
  else if (sb === 1 && sameShape(a.shape, out)) mode = "scalarB";
  const rank = out.length;
  const uniforms = mode === "broadcast" ? { total, ...named("o", out), ...named("sa", broadcastStrides(a.shape, out)), ...named("sb", broadcastStrides(b.shape, out)) } : { total };
  c.run(op, program(op, mode, rank), [a.handle, b.handle, y], uniforms, { threads: total });
  return y;
}
function binaryKernels(ctx) {
  return {
    add: ({ a, b }, _, [out]) => runBinary(ctx, "add", a, b, out),
    sub: ({ a, b }, _, [out]) => runBinary(ctx, "sub", a, b, out),
    mul: ({ a, b }, _, [out]) => runBinary(ctx, "mul", a, b, out),
    div: ({ a, b }, _, [out]) => runBinary(ctx, "div", a, b, out)
  };
}

// src/wgsl/activation.ts
var ERFC = (
  /* wgsl */
  `
fn erfc_(x: f32) -> f32 {
  let z = abs(x);
  let t = 1.0 / (1.0 + 0.5 * z);
  let r = t * exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
    + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return select(2.0 - r, r, x >= 0.0);
}
fn gelu_(v: f32) -> f32 { return select(0.5 * v * erfc_(-v * 0.7071067811865476), v, is_nan(v)); }`
);
var SIGMOID = (
  /* wgsl */
  `
fn sigmoid_(v: f32) -> f32 {
  if (v >= 0.0) { return 1.0 / (1.0 + exp(-v)); }
  let e = exp(v);
  return select(e / (1.0 + e), v, is_nan(v));
}`
);
var TANH = (
  /* wgsl */
  `
fn tanh_(v: f32) -> f32 { return select(tanh(clamp(v, -12.0, 12.0)), v, is_nan(v)); }`
);
var bodies = {
  none: { expr: "v" },
  relu: { expr: "select(max(v, 0.0), v, is_nan(v))" },
  relu6: { expr: "select(clamp(v, 0.0, 6.0), v, is_nan(v))" },
  sigmoid: { expr: "sigmoid_(v)", needs: [SIGMOID] },
  hardSigmoid: { expr: "select(clamp(0.2 * v + 0.5, 0.0, 1.0), v, is_nan(v))" },
  hardSwish: { expr: "v * clamp(v / 6.0 + 0.5, 0.0, 1.0)" },
  silu: { expr: "v * sigmoid_(v)", needs: [SIGMOID] },
  tanh: { expr: "tanh_(v)", needs: [TANH] },
  gelu: { expr: "gelu_(v)", needs: [ERFC] }
};
var MATH_HELPERS = [ERFC, SIGMOID, TANH].join("\n");
function activationWgsl(act) {
  const { expr, needs = [] } = bodies[act];
  return `${needs.join("\n")}
fn act(v: f32) -> f32 { return ${expr}; }`;
}

// src/kernels/conv-direct.ts
var CONV_UNIFORMS = [
  ["total", "u32"],
  ["c", "u32"],
  ["h", "i32"],
  ["w", "i32"],
  ["m", "u32"],
  ["cg", "u32"],
  ["kh", "i32"],
  ["kw", "i32"],
  ["oh", "u32"],
  ["ow", "u32"],
  ["sh", "i32"],
  ["sw", "i32"],
  ["dh", "i32"],
  ["dw", "i32"],
  ["top", "i32"],
  ["left", "i32"],
  ["mg", "u32"],
  ["wStride", "u32"],
  ["bStride", "u32"]
];
function epilogueWgsl(e) {
  const scaled = e.scale ? "acc * scale[n * u.m + m]" : "acc";
  const biased = e.bias ? `${scaled} + bias[n * u.bStride + m]` : scaled;
  return `act(${biased})`;
}
function epilogueBindings(e) {
  return [
    ...e.bias ? [{ name: "bias", access: "read" }] : [],
    ...e.scale ? [{ name: "scale", access: "read" }] : []
  ];
}
function directProgram(hasBias, hasScale, act) {
  return {
    key: `conv/direct/${hasBias ? "b" : ""}${hasScale ? "s" : ""}/${act}`,
    uniforms: CONV_UNIFORMS,
    bindings: [{ name: "x", access: "read" }, { name: "wt", access: "read" }, ...epilogueBindings({ bias: hasBias, scale: hasScale }), { name: "y", access: "read_write" }],
    workgroup: [WG],
    helpers: activationWgsl(act),
    body: `${guard()}
  let j = i32(gi % u.ow);
  let i = i32((gi / u.ow) % u.oh);
  let m = (gi / (u.ow * u.oh)) % u.m;
  let n = gi / (u.ow * u.oh * u.m);
  let g = m / u.mg;
  var acc = 0.0;
  let wBase = n * u.wStride + m * u.cg * u32(u.kh * u.kw);
  for (var ci = 0u; ci < u.cg; ci++) {
    let xBase = (n * u.c + g * u.cg + ci) * u32(u.h * u.w);
    let wc = wBase + ci * u32(u.kh * u.kw);
    for (var p = 0; p < u.kh; p++) {
      let r = i * u.sh - u.top + p * u.dh;
      if (r < 0 || r >= u.h) { continue; }
      for (var q = 0; q < u.kw; q++) {
        let col = j * u.sw - u.left + q * u.dw;
        if (col < 0 || col >= u.w) { continue; }
        acc = acc + x[xBase + u32(r * u.w + col)] * wt[wc + u32(p * u.kw + q)];
      }
    }
  }
  y[gi] = ${epilogueWgsl({ bias: hasBias, scale: hasScale })};`
  };
}
function convUniforms(call) {
  const [, c, h, w] = call.xShape;
  const [m, cg, kh, kw] = call.kShape;
  const { strides, dilations, pads, group } = call.attrs;
  return {
    total: call.out.reduce((p, d) => p * d, 1),
    c,
    h,
    w,
    m,
    cg,
    kh,
    kw,
    oh: call.out[2],
    ow: call.out[3],
    sh: strides[0],
    sw: strides[1],
    dh: dilations[0],
    dw: dilations[1],
    top: pads[0],
    left: pads[1],
    mg: m / group,
    wStride: call.perSampleWeights ? m * cg * kh * kw : 0,
    bStride: call.epilogue.biasPerSample ? m : 0
  };
}
function epilogueBuffers(e) {
  return [...e.bias ? [e.bias] : [], ...e.scale ? [e.scale] : []];
}
function runDirectConv(c, op, call) {
  const uniforms = convUniforms(call);
  const y = c.allocate(op, uniforms.total);
  const e = call.epilogue;
  c.run(op, directProgram(!!e.bias, !!e.scale, e.activation), [call.x, call.w, ...epilogueBuffers(e), y], uniforms, { threads: uniforms.total });
  return y;
}

// src/kernels/conv-gemm.ts
var TK = 16;
function bIndexWgsl(patch) {
  if (patch === "pointwise") {
    return `
fn padded(k: u32, p: u32) -> bool { return false; }
fn loadB(n: u32, g: u32, k: u32, p: u32) -> f32 {
  if (k >= u.kdim || p >= u.plane) { return 0.0; }
  return x[(n * u.c + g * u.cg + k) * u.plane + p];
}`;
  }
  return `
fn tapPos(k: u32, p: u32) -> vec2<i32> {
  let t = k % u.khw;
  let i = i32(p / u.ow);
  let j = i32(p % u.ow);
  return vec2<i32>(i * u.sh - u.top + i32(t / u32(u.kw)) * u.dh, j * u.sw - u.left + i32(t % u32(u.kw)) * u.dw);
}
fn padded(k: u32, p: u32) -> bool {
  let rc = tapPos(k, p);
  return rc.x < 0 || rc.x >= u.h || rc.y < 0 || rc.y >= u.w;
}
fn loadB(n: u32, g: u32, k: u32, p: u32) -> f32 {
  if (k >= u.kdim || p >= u.plane) { return 0.0; }
  let rc = tapPos(k, p);
  if (rc.x < 0 || rc.x >= u.h || rc.y < 0 || rc.y >= u.w) { return 0.0; }
  return x[((n * u.c + g * u.cg + k / u.khw) * u32(u.h) + u32(rc.x)) * u32(u.w) + u32(rc.y)];
}`;
}
function gemmProgram(patch, tile, e, act) {
  const { wx, wy, rm } = tile;
  const threads = wx * wy;
  const tm = wy * rm;
  const tn = wx * 4;
  const a4 = tm / 4;
  const quads = Array.from({ length: rm / 4 }, (_, i) => i);
  const fast = quads.map((q) => `      let a${q} = as_[kk * ${a4}u + ty * ${rm / 4}u + ${q}u];
      acc[${4 * q}] = fma(vec4<f32>(a${q}.x), b, acc[${4 * q}]);
      acc[${4 * q + 1}] = fma(vec4<f32>(a${q}.y), b, acc[${4 * q + 1}]);
      acc[${4 * q + 2}] = fma(vec4<f32>(a${q}.z), b, acc[${4 * q + 2}]);
      acc[${4 * q + 3}] = fma(vec4<f32>(a${q}.w), b, acc[${4 * q + 3}]);`).join("\n");
  return {
    key: `conv/gemm/${patch}/${wx}x${wy}x${rm}/${e.bias ? "b" : ""}${e.scale ? "s" : ""}/${act}`,
    uniforms: [...CONV_UNIFORMS, ["kdim", "u32"], ["khw", "u32"], ["plane", "u32"]],
    bindings: [{ name: "x", access: "read" }, { name: "wt", access: "read" }, ...epilogueBindings(e), { name: "y", access: "read_write" }],
    workgroup: [wx, wy],
    helpers: `${activationWgsl(act)}
${bIndexWgsl(patch)}
var<workgroup> as_: array<vec4<f32>, ${TK * a4}>;
var<workgroup> bs: array<vec4<f32>, ${TK * wx}>;
var<workgroup> nonFinite: atomic<u32>;
fn finite(v: f32) -> bool { return (bitcast<u32>(v) & 0x7f800000u) != 0x7f800000u; }
fn loadA(base: u32, m: u32, k: u32) -> f32 {
  var a = 0.0;
  if (m < u.mg && k < u.kdim) { a = wt[base + m * u.kdim + k]; }
  if (!finite(a)) { atomicOr(&nonFinite, 1u); }
  return a;
}`,
    body: `  let tx = lid.x;
  let ty = lid.y;
  let p0 = wid.x * ${tn}u;
  let m0 = wid.y * ${tm}u;
  let groups = u.c / u.cg;
  let n = wid.z / groups;
  let g = wid.z % groups;
  let wBase = n * u.wStride + g * u.mg * u.kdim;
  var acc: array<vec4<f32>, ${rm}>;
  for (var k0 = 0u; k0 < u.kdim; k0 = k0 + ${TK}u) {
    workgroupBarrier();
    // A: TK \xD7 tm weights, one vec4 of four consecutive rows per store.
    for (var e = li; e < ${TK * a4}u; e = e + ${threads}u) {
      let kk = e / ${a4}u;
      let mq = (e % ${a4}u) * 4u;
      as_[e] = vec4<f32>(loadA(wBase, m0 + mq, k0 + kk), loadA(wBase, m0 + mq + 1u, k0 + kk),
                         loadA(wBase, m0 + mq + 2u, k0 + kk), loadA(wBase, m0 + mq + 3u, k0 + kk));
    }
    // B: TK \xD7 tn patch values, four consecutive output pixels per store.
    for (var e = li; e < ${TK * wx}u; e = e + ${threads}u) {
      let kk = k0 + e / ${wx}u;
      let pq = p0 + (e % ${wx}u) * 4u;
      bs[e] = vec4<f32>(loadB(n, g, kk, pq), loadB(n, g, kk, pq + 1u), loadB(n, g, kk, pq + 2u), loadB(n, g, kk, pq + 3u));
    }
    workgroupBarrier();
    if (atomicLoad(&nonFinite) == 0u) {
      for (var kk = 0u; kk < ${TK}u; kk++) {
        let b = bs[kk * ${wx}u + tx];
${fast}
      }
    } else {
      for (var kk = 0u; kk < ${TK}u; kk++) {
        let b = bs[kk * ${wx}u + tx];
        for (var jj = 0u; jj < 4u; jj++) {
          if (k0 + kk >= u.kdim || padded(k0 + kk, p0 + tx * 4u + jj)) { continue; }
          for (var i = 0u; i < ${rm}u; i++) {
            acc[i][jj] = acc[i][jj] + as_[kk * ${a4}u + ty * ${rm / 4}u + i / 4u][i % 4u] * b[jj];
          }
        }
      }
    }
  }
  for (var i = 0u; i < ${rm}u; i++) {
    let mm = m0 + ty * ${rm}u + i;
    if (mm >= u.mg) { continue; }
    let m = g * u.mg + mm;
    for (var jj = 0u; jj < 4u; jj++) {
      let p = p0 + tx * 4u + jj;
      if (p >= u.plane) { continue; }
      let acc = acc[i][jj];
      y[(n * u.m + m) * u.plane + p] = ${epilogueWgsl(e)};
    }
  }`
  };
}
function chooseTile(mg, plane) {
  const env = globalThis.process?.env?.DCNN_WEBGPU_TILE;
  if (env) {
    const [wx, wy, rm] = env.split("x").map(Number);
    return { wx, wy, rm };
  }
  if (mg >= 64) return { wx: plane >= 64 ? 16 : 8, wy: 8, rm: 8 };
  if (mg >= 32) return { wx: 16, wy: 8, rm: 4 };
  return { wx: 16, wy: 4, rm: 4 };
}
function runGemmConv(c, op, call) {
  const base = convUniforms(call);
  const [, , kh, kw] = call.kShape;
  const { strides, pads, dilations, group } = call.attrs;
  const pointwise = kh === 1 && kw === 1 && strides[0] === 1 && strides[1] === 1 && pads.every((p) => p === 0);
  const plane = base.oh * base.ow;
  const tile = chooseTile(base.mg, plane);
  const uniforms = { ...base, kdim: base.cg * kh * kw, khw: kh * kw, plane };
  const y = c.allocate(op, base.total);
  const e = call.epilogue;
  const spec = gemmProgram(pointwise ? "pointwise" : "general", tile, { bias: !!e.bias, scale: !!e.scale }, e.activation);
  const n = call.xShape[0];
  c.run(op, spec, [call.x, call.w, ...epilogueBuffers(e), y], uniforms, {
    grid: [Math.ceil(plane / (tile.wx * 4)), Math.ceil(base.mg / (tile.wy * tile.rm)), n * group]
  });
  return y;
}

// src/kernels/conv.ts
function runConv(c, op, call) {
  const [m, cg] = call.kShape;
  const mg = m / call.attrs.group;
  if (mg < 4 || cg * call.kShape[2] * call.kShape[3] < 4) return runDirectConv(c, op, call);
  return runGemmConv(c, op, call);
}

// src/kernels/deform-conv.ts
function columnsProgram(masked) {
  return {
    key: `deform/columns/${masked ? "mask" : "plain"}`,
    uniforms: [
      ["total", "u32"],
      ["c", "u32"],
      ["h", "i32"],
      ["w", "i32"],
      ["kh", "u32"],
      ["kw", "u32"],
      ["oh", "u32"],
      ["ow", "u32"],
      ["sh", "i32"],
      ["sw", "i32"],
      ["dh", "i32"],
      ["dw", "i32"],
      ["top", "i32"],
      ["left", "i32"],
      ["cog", "u32"],
      ["og", "u32"]
    ],
    bindings: [
      { name: "x", access: "read" },
      { name: "offset", access: "read" },
      ...masked ? [{ name: "mask", access: "read" }] : [],
      { name: "cols", access: "read_write" }
    ],
    workgroup: [WG],
    helpers: (
      /* wgsl */
      `
fn tap(base: u32, r: i32, col: i32) -> f32 {
  if (r < 0 || r >= u.h || col < 0 || col >= u.w) { return 0.0; }
  return x[base + u32(r * u.w + col)];
}`
    ),
    body: `${guard()}
  let plane = u.oh * u.ow;
  let e = gi % plane;
  let taps = u.kh * u.kw;
  let t = (gi / plane) % taps;
  let ch = (gi / (plane * taps)) % u.c;
  let n = gi / (plane * taps * u.c);
  let i = i32(e / u.ow);
  let j = i32(e % u.ow);
  let p = i32(t / u.kw);
  let q = i32(t % u.kw);
  let tt = (ch / u.cog) * taps + t;
  let offBase = (n * 2u * u.og * taps + 2u * tt) * plane + e;
  let hh = f32(i * u.sh - u.top + p * u.dh) + offset[offBase];
  let vv = f32(j * u.sw - u.left + q * u.dw) + offset[offBase + plane];
  var value = 0.0;
  if (hh > -1.0 && hh < f32(u.h) && vv > -1.0 && vv < f32(u.w)) {
    let h0 = floor(hh);
    let v0 = floor(vv);
    let lh = hh - h0;
    let lv = vv - v0;
    let r0 = i32(h0);
    let c0 = i32(v0);
    let base = (n * u.c + ch) * u32(u.h * u.w);
    value = (1.0 - lh) * (1.0 - lv) * tap(base, r0, c0) + (1.0 - lh) * lv * tap(base, r0, c0 + 1)
          + lh * (1.0 - lv) * tap(base, r0 + 1, c0) + lh * lv * tap(base, r0 + 1, c0 + 1);
  }
  ${masked ? "value = value * mask[(n * u.og * taps + tt) * plane + e];" : ""}
  cols[gi] = value;`
  };
}
function runDeformConv(ctx, i, attrs, out) {
  const c = ctx();
  const [n, ch, h, w] = i.x.shape;
  const [m, cg, kh, kw] = i.w.shape;
  const [oh, ow] = [out[2], out[3]];
  const taps = kh * kw;
  const total = n * ch * taps * oh * ow;
  const cols = c.allocate("deformConv2d", total);
  c.run("deformConv2d", columnsProgram(!!i.mask), [i.x.handle, i.offset.handle, ...i.mask ? [i.mask.handle] : [], cols], {
    total,
    c: ch,
    h,
    w,
    kh,
    kw,
    oh,
    ow,
    sh: attrs.strides[0],
    sw: attrs.strides[1],
    dh: attrs.dilations[0],
    dw: attrs.dilations[1],
    top: attrs.pads[0],
    left: attrs.pads[1],
    cog: ch / attrs.offsetGroup,
    og: attrs.offsetGroup
  }, { threads: total });
  try {
    return runConv(c, "deformConv2d", {
      x: cols,
      xShape: [n, ch * taps, oh, ow],
      w: i.w.handle,
      kShape: [m, cg * taps, 1, 1],
      perSampleWeights: false,
      attrs: { strides: [1, 1], pads: [0, 0, 0, 0], dilations: [1, 1], group: attrs.group, activation: attrs.activation },
      out,
      epilogue: { bias: i.b?.handle, activation: attrs.activation }
    });
  } finally {
    c.release(cols);
  }
}

// src/kernels/dense.ts
function denseProgram(hasBias, act) {
  return {
    key: `dense/${hasBias ? "b" : ""}/${act}`,
    uniforms: [["total", "u32"], ["f", "u32"], ["o", "u32"]],
    bindings: [{ name: "x", access: "read" }, { name: "wt", access: "read" }, ...hasBias ? [{ name: "bias", access: "read" }] : [], { name: "y", access: "read_write" }],
    workgroup: [WG],
    helpers: activationWgsl(act),
    body: `${guard()}
  let col = gi % u.o;
  let row = gi / u.o;
  var acc = ${hasBias ? "bias[col]" : "0.0"};
  for (var k = 0u; k < u.f; k++) { acc = acc + x[row * u.f + k] * wt[col * u.f + k]; }
  y[gi] = act(acc);`
  };
}
function denseKernels(ctx) {
  return {
    dense: ({ x, w, b }, { activation: activation2 }, [out]) => {
      const c = ctx();
      const total = out[0] * out[1];
      const y = c.allocate("dense", total);
      c.run("dense", denseProgram(!!b, activation2), [x.handle, w.handle, ...b ? [b.handle] : [], y], { total, f: x.shape[1], o: out[1] }, { threads: total });
      return y;
    }
  };
}

// src/kernels/dynamic-conv.ts
function aggregateProgram(spatial, channel) {
  const factors = [spatial ? " * sa[n * u.taps + e % u.taps]" : "", channel ? " * ca[n * u.c + g * u.cg + (e / u.taps) % u.cg]" : ""].join("");
  return {
    key: `dynamic/aggregate/${spatial ? "s" : ""}${channel ? "c" : ""}`,
    uniforms: [["total", "u32"], ["k", "u32"], ["size", "u32"], ["taps", "u32"], ["c", "u32"], ["cg", "u32"], ["mg", "u32"]],
    bindings: [
      { name: "a", access: "read" },
      { name: "bank", access: "read" },
      ...spatial ? [{ name: "sa", access: "read" }] : [],
      ...channel ? [{ name: "ca", access: "read" }] : [],
      { name: "y", access: "read_write" }
    ],
    workgroup: [WG],
    body: `${guard()}
  let n = gi / u.size;
  let e = gi % u.size;
  let g = (e / (u.taps * u.cg)) / u.mg;
  var acc = 0.0;
  for (var k = 0u; k < u.k; k++) { acc = acc + a[n * u.k + k] * bank[k * u.size + e]; }
  y[gi] = acc${factors};`
  };
}
var biasProgram = aggregateProgram(false, false);
function runDynamicConv(ctx, i, attrs, out) {
  const c = ctx();
  const [k, m, cg, kh, kw] = i.w.shape;
  const n = i.x.shape[0];
  const size = m * cg * kh * kw;
  const kernels = c.allocate("dynamicConv2d", n * size);
  const taps = kh * kw;
  const common = { k, taps, c: i.x.shape[1], cg, mg: m / attrs.group };
  const spatial = i.spatialAttn?.handle;
  const channel = i.channelAttn?.handle;
  c.run(
    "dynamicConv2d",
    aggregateProgram(!!spatial, !!channel),
    [i.a.handle, i.w.handle, ...spatial ? [spatial] : [], ...channel ? [channel] : [], kernels],
    { total: n * size, size, ...common },
    { threads: n * size }
  );
  let bias;
  if (i.b) {
    bias = c.allocate("dynamicConv2d", n * m);
    c.run("dynamicConv2d", biasProgram, [i.a.handle, i.b.handle, bias], { total: n * m, size: m, ...common }, { threads: n * m });
  }
  try {
    return runConv(c, "dynamicConv2d", {
      x: i.x.handle,
      xShape: i.x.shape,
      w: kernels,
      kShape: [m, cg, kh, kw],
      perSampleWeights: true,
      attrs,
      out,
      epilogue: { bias, biasPerSample: true, scale: i.filterAttn?.handle, activation: attrs.activation }
    });
  } finally {
    c.release(kernels);
    if (bias) c.release(bias);
  }
}

// src/kernels/pool-norm.ts
var POOL_UNIFORMS = [
  ["total", "u32"],
  ["h", "i32"],
  ["w", "i32"],
  ["oh", "u32"],
  ["ow", "u32"],
  ["kh", "i32"],
  ["kw", "i32"],
  ["sh", "i32"],
  ["sw", "i32"],
  ["dh", "i32"],
  ["dw", "i32"],
  ["top", "i32"],
  ["left", "i32"],
  ["bottom", "i32"],
  ["right", "i32"],
  ["includePad", "u32"],
  ["ninf", "f32"]
];
function poolProgram(kind) {
  const accumulate = kind === "max" ? "if (is_nan(v) || v > acc) { acc = v; }" : "acc = acc + v;";
  const result = kind === "max" ? "acc" : "select(0.0, acc / f32(count), count > 0u)";
  return {
    key: `pool/${kind}`,
    uniforms: POOL_UNIFORMS,
    bindings: [{ name: "x", access: "read" }, { name: "y", access: "read_write" }],
    workgroup: [WG],
    body: `${guard()}
  let j = i32(gi % u.ow);
  let i = i32((gi / u.ow) % u.oh);
  let plane = gi / (u.ow * u.oh);
  let base = plane * u32(u.h * u.w);
  var acc: f32 = ${kind === "max" ? "u.ninf" : "0.0"};
  var count = 0u;
  for (var p = 0; p < u.kh; p++) {
    let r = i * u.sh - u.top + p * u.dh;
    for (var q = 0; q < u.kw; q++) {
      let col = j * u.sw - u.left + q * u.dw;
      let inside = r >= 0 && r < u.h && col >= 0 && col < u.w;
      if (inside) {
        let v = x[base + u32(r * u.w + col)];
        ${accumulate}
        count++;
      } else if (u.includePad != 0u && r >= -u.top && r < u.h + u.bottom && col >= -u.left && col < u.w + u.right) {
        count++;
      }
    }
  }
  y[gi] = ${result};`
  };
}
var batchNormProgram = {
  key: "batch-norm",
  uniforms: [["total", "u32"], ["c", "u32"], ["inner", "u32"], ["eps", "f32"]],
  bindings: [
    { name: "x", access: "read" },
    { name: "scale", access: "read" },
    { name: "bias", access: "read" },
    { name: "mean", access: "read" },
    { name: "variance", access: "read" },
    { name: "y", access: "read_write" }
  ],
  workgroup: [WG],
  body: `${guard()}
  let ch = (gi / u.inner) % u.c;
  y[gi] = (x[gi] - mean[ch]) / sqrt(variance[ch] + u.eps) * scale[ch] + bias[ch];`
};
function runPool(ctx, op, kind, x, attrs, out) {
  const c = ctx();
  const total = sizeOf2(out);
  const y = c.allocate(op, total);
  const [top, left, bottom, right] = attrs.pads;
  c.run(op, poolProgram(kind), [x.handle, y], {
    total,
    h: x.shape[2],
    w: x.shape[3],
    oh: out[2],
    ow: out[3],
    kh: attrs.kernel[0],
    kw: attrs.kernel[1],
    sh: attrs.strides[0],
    sw: attrs.strides[1],
    dh: attrs.dilations[0],
    dw: attrs.dilations[1],
    top,
    left,
    bottom,
    right,
    includePad: kind === "avg" && attrs.countIncludePad ? 1 : 0,
    ninf: -Infinity
  }, { threads: total });
  return y;
}
function poolNormKernels(ctx) {
  return {
    avgPool2d: ({ x }, attrs, [out]) => runPool(ctx, "avgPool2d", "avg", x, attrs, out),
    maxPool2d: ({ x }, attrs, [out]) => runPool(ctx, "maxPool2d", "max", x, attrs, out),
    batchNorm: ({ x, scale, bias, mean, var: variance }, { epsilon }) => {
      const c = ctx();
      const total = x.handle.size;
      const y = c.allocate("batchNorm", total);
      const inner = sizeOf2(x.shape.slice(2));
      c.run("batchNorm", batchNormProgram, [x.handle, scale.handle, bias.handle, mean.handle, variance.handle, y], { total, c: x.shape[1], inner, eps: epsilon }, { threads: total });
      return y;
    }
  };
}

// src/kernels/reduce.ts
function planReduction(shape, axes) {
  const strides = stridesOf(shape);
  const reduced = new Set(axes);
  const kept = [];
  const red = [];
  let prev;
  shape.forEach((d, i) => {
    if (d === 1) return;
    const isRed = reduced.has(i);
    const list = isRed ? red : kept;
    const last = list[list.length - 1];
    if (prev === isRed && last && last[1] === d * strides[i]) {
      last[0] *= d;
      last[1] = strides[i];
    } else {
      list.push([d, strides[i]]);
    }
    prev = isRed;
  });
  if (red.length === 0) red.push([1, 0]);
  return {
    keptShape: kept.map(([d]) => d),
    keptStrides: kept.map(([, s]) => s),
    redShape: red.map(([d]) => d),
    redStrides: red.map(([, s]) => s),
    count: red.reduce((p, [d]) => p * d, 1)
  };
}
var combine = (kind, acc, v) => kind === "max" ? `if (is_nan(${v}) || ${v} > ${acc}) { ${acc} = ${v}; }` : `${acc} = ${acc} + ${v};`;
function program2(kind, keptRank, redRank, cooperative) {
  const contiguous = redRank === 1;
  const element = contiguous ? "    let v = x[base + j * u.r0];" : `${offsetsFromIndex("j", redRank, "rd", [["roff", "r"]]).replace(/^/gm, "  ")}
    let v = x[base + roff];`;
  const finish = kind === "mean" ? "acc / f32(u.count)" : "acc";
  const loop = (start, step) => `  for (var j = ${start}; j < u.count; j = j + ${step}) {
${element}
    ${combine(kind, "acc", "v")}
  }`;
  const uniforms = [["total", "u32"], ["count", "u32"], ["ninf", "f32"], ...u32s("ko", keptRank), ...u32s("ks", keptRank), ...u32s("rd", redRank), ...u32s("r", redRank)];
  const bindings = [{ name: "x", access: "read" }, { name: "y", access: "read_write" }];
  const key = `reduce/${kind}/${keptRank}/${redRank}/${cooperative ? "wg" : "one"}`;
  const initLine = `  var acc: f32 = ${kind === "max" ? "u.ninf" : "0.0"};`;
  if (!cooperative) {
    return { key, uniforms, bindings, workgroup: [WG], body: `${guard()}
${offsetsFromIndex("gi", keptRank, "ko", [["base", "ks"]])}
${initLine}
${loop("0u", "1u")}
  y[gi] = ${finish};` };
  }
  return {
    key,
    uniforms,
    bindings,
    workgroup: [WG],
    helpers: `var<workgroup> part: array<f32, ${WG}>;`,
    body: `  let out = wid.y * nwg.x + wid.x;
  let inRange = out < u.total;
${offsetsFromIndex("min(out, u.total - 1u)", keptRank, "ko", [["base", "ks"]])}
${initLine}
${loop("li", `${WG}u`)}
  part[li] = acc;
  workgroupBarrier();
  for (var s = ${WG / 2}u; s > 0u; s = s >> 1u) {
    if (li < s) { var a = part[li]; let b = part[li + s]; ${combine(kind, "a", "b")} part[li] = a; }
    workgroupBarrier();
  }
  if (li == 0u && inRange) { let acc = part[0]; y[out] = ${finish}; }`
  };
}
function runReduce(ctx, op, kind, x, axes) {
  const c = ctx();
  const plan = planReduction(x.shape, axes);
  const total = sizeOf2(plan.keptShape);
  const y = c.allocate(op, total);
  const cooperative = plan.count >= 256 && total <= 16384;
  const uniforms = {
    total,
    count: plan.count,
    ninf: -Infinity,
    ...named("ko", plan.keptShape),
    ...named("ks", plan.keptStrides),
    ...named("rd", plan.redShape),
    ...named("r", plan.redStrides)
  };
  const spec = program2(kind, plan.keptShape.length, plan.redShape.length, cooperative);
  c.run(op, spec, [x.handle, y], uniforms, cooperative ? { threads: total * WG } : { threads: total });
  return y;
}
function allAxes(rank, axes) {
  if (axes === null) return [...Array(rank).keys()];
  return axes.map((a) => a < 0 ? a + rank : a);
}
var softmaxProgram = {
  key: "softmax",
  uniforms: [["total", "u32"], ["len", "u32"], ["inner", "u32"], ["invT", "f32"], ["ninf", "f32"]],
  bindings: [{ name: "x", access: "read" }, { name: "y", access: "read_write" }],
  workgroup: [WG],
  body: `${guard()}
  let base = (gi / u.inner) * u.len * u.inner + gi % u.inner;
  var m: f32 = u.ninf;
  for (var k = 0u; k < u.len; k++) { m = max(m, x[base + k * u.inner] * u.invT); }
  var s: f32 = 0.0;
  for (var k = 0u; k < u.len; k++) { let e = exp(x[base + k * u.inner] * u.invT - m); y[base + k * u.inner] = e; s = s + e; }
  let r = 1.0 / s;
  for (var k = 0u; k < u.len; k++) { y[base + k * u.inner] = y[base + k * u.inner] * r; }`
};
function reduceKernels(ctx) {
  return {
    reduceMean: ({ x }, { axes }) => runReduce(ctx, "reduceMean", "mean", x, allAxes(x.shape.length, axes)),
    reduceMax: ({ x }, { axes }) => runReduce(ctx, "reduceMax", "max", x, allAxes(x.shape.length, axes)),
    reduceSum: ({ x }, { axes }) => runReduce(ctx, "reduceSum", "sum", x, allAxes(x.shape.length, axes)),
    globalAvgPool: ({ x }) => runReduce(ctx, "globalAvgPool", "mean", x, [2, 3]),
    globalMaxPool: ({ x }) => runReduce(ctx, "globalMaxPool", "max", x, [2, 3]),
    softmax: ({ x }, { axis, temperature }) => {
      const c = ctx();
      const ax = axis < 0 ? axis + x.shape.length : axis;
      const len = x.shape[ax];
      const inner = sizeOf2(x.shape.slice(ax + 1));
      const total = sizeOf2(x.shape) / Math.max(len, 1);
      const y = c.allocate("softmax", x.handle.size);
      if (len > 0) c.run("softmax", softmaxProgram, [x.handle, y], { total, len, inner, invT: 1 / temperature, ninf: -Infinity }, { threads: total });
      return y;
    }
  };
}

// src/kernels/shape-ops.ts
var slabCopy = {
  key: "shape/slab-copy",
  uniforms: [["total", "u32"], ["chunk", "u32"], ["srcStride", "u32"], ["dstStride", "u32"], ["srcOff", "u32"], ["dstOff", "u32"]],
  bindings: [{ name: "x", access: "read" }, { name: "y", access: "read_write" }],
  workgroup: [WG],
  body: `${guard()}
  let o = gi / u.chunk;
  let r = gi % u.chunk;
  y[u.dstOff + o * u.dstStride + r] = x[u.srcOff + o * u.srcStride + r];`
};
function transposeProgram(rank) {
  return {
    key: `shape/transpose/${rank}`,
    uniforms: [["total", "u32"], ...u32s("o", rank), ...u32s("s", rank)],
    bindings: [{ name: "x", access: "read" }, { name: "y", access: "read_write" }],
    workgroup: [WG],
    body: `${guard()}
${offsetsFromIndex("gi", rank, "o", [["src", "s"]])}
  y[gi] = x[src];`
  };
}
function copySlabs(ctx, op, src, dst, outer, chunk, srcStride, dstStride, srcOff, dstOff) {
  const c = ctx();
  if (outer === 1 || chunk === srcStride && chunk === dstStride) {
    c.copy(src, srcOff, dst, dstOff, outer * chunk);
    return;
  }
  const total = outer * chunk;
  c.run(op, slabCopy, [src, dst], { total, chunk, srcStride, dstStride, srcOff, dstOff }, { threads: total });
}
function axisSplit(shape, axis) {
  return [sizeOf2(shape.slice(0, axis)), sizeOf2(shape.slice(axis + 1))];
}
var norm = (axis, rank) => axis < 0 ? axis + rank : axis;
function shapeKernels(ctx) {
  return {
    concat: ({ xs }, { axis }, [out]) => {
      const ax = norm(axis, out.length);
      const y = ctx().allocate("concat", sizeOf2(out));
      const [outer, inner] = axisSplit(out, ax);
      let start = 0;
      for (const x of xs) {
        const size = x.shape[ax];
        copySlabs(ctx, "concat", x.handle, y, outer, size * inner, size * inner, out[ax] * inner, 0, start * inner);
        start += size;
      }
      return y;
    },
    split: ({ x }, { axis, sizes }, outs) => {
      const ax = norm(axis, x.shape.length);
      const [outer, inner] = axisSplit(x.shape, ax);
      let start = 0;
      return sizes.map((size, k) => {
        const y = ctx().allocate("split", sizeOf2(outs[k]));
        copySlabs(ctx, "split", x.handle, y, outer, size * inner, x.shape[ax] * inner, size * inner, start * inner, 0);
        start += size;
        return y;
      });
    },
    reshape: ({ x }) => {
      x.handle.storage.refs++;
      return { storage: x.handle.storage, size: x.handle.size };
    },
    transpose: ({ x }, { perm }, [out]) => {
      const rank = x.shape.length;
      const p = perm ?? [...Array(rank).keys()].reverse();
      const own = stridesOf(x.shape);
      const total = sizeOf2(out);
      const c = ctx();
      const y = c.allocate("transpose", total);
      c.run("transpose", transposeProgram(rank), [x.handle, y], { total, ...named("o", out), ...named("s", p.map((d) => own[d])) }, { threads: total });
      return y;
    }
  };
}

// src/kernels/unary.ts
var unaryExpr = {
  relu: "select(max(v, 0.0), v, is_nan(v))",
  relu6: "select(clamp(v, 0.0, 6.0), v, is_nan(v))",
  sigmoid: "sigmoid_(v)",
  tanh: "tanh_(v)",
  exp: "select(exp(v), v, is_nan(v))",
  silu: "v * sigmoid_(v)",
  gelu: "gelu_(v)",
  hardSigmoid: "select(clamp(u.alpha * v + u.beta, 0.0, 1.0), v, is_nan(v))",
  hardSwish: "v * clamp(v / 6.0 + 0.5, 0.0, 1.0)",
  leakyRelu: "select(u.alpha * v, v, v >= 0.0)",
  clip: "select(min(max(v, u.lo), u.hi), v, is_nan(v))"
};
var programs = /* @__PURE__ */ new Map();
function unaryProgram(op) {
  let spec = programs.get(op);
  if (!spec) {
    spec = {
      key: `unary/${op}`,
      uniforms: [["total", "u32"], ["alpha", "f32"], ["beta", "f32"], ["lo", "f32"], ["hi", "f32"]],
      bindings: [{ name: "x", access: "read" }, { name: "y", access: "read_write" }],
      workgroup: [WG],
      helpers: MATH_HELPERS,
      body: `${guard()}
  let v = x[gi];
  y[gi] = ${unaryExpr[op]};`
    };
    programs.set(op, spec);
  }
  return spec;
}
function runUnary(ctx, op, x, attrs = {}) {
  const c = ctx();
  const y = c.allocate(op, x.handle.size);
  c.run(op, unaryProgram(op), [x.handle, y], { total: x.handle.size, alpha: attrs.alpha ?? 0, beta: attrs.beta ?? 0, lo: attrs.lo ?? 0, hi: attrs.hi ?? 0 }, { threads: x.handle.size });
  return y;
}
function unaryKernels(ctx) {
  return {
    relu: ({ x }) => runUnary(ctx, "relu", x),
    relu6: ({ x }) => runUnary(ctx, "relu6", x),
    sigmoid: ({ x }) => runUnary(ctx, "sigmoid", x),
    tanh: ({ x }) => runUnary(ctx, "tanh", x),
    exp: ({ x }) => runUnary(ctx, "exp", x),
    silu: ({ x }) => runUnary(ctx, "silu", x),
    gelu: ({ x }) => runUnary(ctx, "gelu", x),
    hardSigmoid: ({ x }, { alpha, beta }) => runUnary(ctx, "hardSigmoid", x, { alpha, beta }),
    hardSwish: ({ x }) => runUnary(ctx, "hardSwish", x),
    leakyRelu: ({ x }, { alpha }) => runUnary(ctx, "leakyRelu", x, { alpha }),
    clip: ({ x }, { min, max }) => runUnary(ctx, "clip", x, { lo: min, hi: max })
  };
}

// src/kernels/index.ts
function createKernels(ctx) {
  return {
    conv2d: ({ x, w, b }, attrs, [out]) => runConv(ctx(), "conv2d", {
      x: x.handle,
      xShape: x.shape,
      w: w.handle,
      kShape: w.shape.slice(-4),
      perSampleWeights: w.shape.length === 5,
      attrs,
      out,
      epilogue: { bias: b?.handle, biasPerSample: b?.shape.length === 2, activation: attrs.activation }
    }),
    dynamicConv2d: (inputs, attrs, [out]) => runDynamicConv(ctx, inputs, attrs, out),
    deformConv2d: (inputs, attrs, [out]) => runDeformConv(ctx, inputs, attrs, out),
    ...denseKernels(ctx),
    ...poolNormKernels(ctx),
    ...reduceKernels(ctx),
    ...unaryKernels(ctx),
    ...binaryKernels(ctx),
    ...shapeKernels(ctx)
  };
}

// src/device/errors.ts
var DeviceLostError = class extends BackendInitError {
  deviceLost = true;
  constructor(op, reason, message) {
    super({ op, arg: "GPU device", expected: "a live device (re-initialise the webgpu backend)", actual: `device lost (${reason}): ${message || "no message"}` });
  }
  /** True for a DeviceLostError from any copy of this package. */
  static isDeviceLost(value) {
    return value instanceof BackendInitError && value.deviceLost === true;
  }
};
function limitError(op, arg, limit, max, actual, unit) {
  return new UnsupportedError({
    op,
    arg,
    expected: `at most ${max} ${unit} (device limit ${limit})`,
    actual: `${actual} ${unit}, ${actual - max} over the limit`
  });
}

// src/runtime/usage.ts
var BufferUsage = {
  MAP_READ: 1,
  MAP_WRITE: 2,
  COPY_SRC: 4,
  COPY_DST: 8,
  INDEX: 16,
  VERTEX: 32,
  UNIFORM: 64,
  STORAGE: 128,
  INDIRECT: 256,
  QUERY_RESOLVE: 512
};
var MapMode = { READ: 1, WRITE: 2 };
var TENSOR_USAGE = BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST;

// src/runtime/buffer-pool.ts
function sizeClass(bytes) {
  const min = Math.max(bytes, 16);
  if (min <= 4096) return Math.ceil(min / 256) * 256;
  const step = 2 ** (Math.floor(Math.log2(min)) - 3);
  return Math.ceil(min / step) * step;
}
var BufferPool = class {
  #device;
  #budget;
  #free = /* @__PURE__ */ new Map();
  #pooledBytes = 0;
  #pooled = 0;
  #live = 0;
  #hits = 0;
  #misses = 0;
  #doomed = [];
  /** `budgetBytes`: the most bytes of free buffers kept for reuse. */
  constructor(device, budgetBytes) {
    this.#device = device;
    this.#budget = budgetBytes;
  }
  acquire(bytes) {
    const size = sizeClass(bytes);
    const list = this.#free.get(size);
    this.#live++;
    const reused = list?.pop();
    if (reused) {
      this.#hits++;
      this.#pooled--;
      this.#pooledBytes -= size;
      return reused;
    }
    this.#misses++;
    return this.#device.createBuffer({ size, usage: TENSOR_USAGE });
  }
  release(buffer) {
    this.#live--;
    if (this.#pooledBytes + buffer.size > this.#budget) {
      this.#doomed.push(buffer);
      return;
    }
    const list = this.#free.get(buffer.size) ?? [];
    list.push(buffer);
    this.#free.set(buffer.size, list);
    this.#pooled++;
    this.#pooledBytes += buffer.size;
  }
  /** Destroys what was released over budget; call right after a submit. */
  afterSubmit() {
    for (const b of this.#doomed) b.destroy();
    this.#doomed = [];
  }
  stats() {
    return { live: this.#live, pooled: this.#pooled, pooledBytes: this.#pooledBytes, hits: this.#hits, misses: this.#misses };
  }
  /** Destroys every pooled buffer (live ones belong to their tensors). */
  clear() {
    for (const list of this.#free.values()) for (const b of list) b.destroy();
    this.#free.clear();
    this.#pooled = 0;
    this.#pooledBytes = 0;
    this.afterSubmit();
  }
};

// src/runtime/dispatch.ts
function linearGrid(op, count, maxPerDim) {
  if (count <= maxPerDim) return [Math.max(count, 1), 1, 1];
  const y = Math.ceil(count / maxPerDim);
  if (y > maxPerDim) throw limitError(op, "dispatch", "maxComputeWorkgroupsPerDimension\xB2", maxPerDim * maxPerDim, count, "workgroups");
  return [Math.ceil(count / y), y, 1];
}
function checkGrid(op, grid, maxPerDim) {
  grid.forEach((g, axis) => {
    if (g > maxPerDim) throw limitError(op, `dispatch dimension ${"xyz"[axis]}`, "maxComputeWorkgroupsPerDimension", maxPerDim, g, "workgroups");
  });
  return grid;
}

// src/runtime/pipeline-cache.ts
var PipelineCache = class {
  #device;
  #pipelines = /* @__PURE__ */ new Map();
  compiled = 0;
  constructor(device) {
    this.#device = device;
  }
  get(spec) {
    let pipeline = this.#pipelines.get(spec.key);
    if (!pipeline) {
      const module = this.#device.createShaderModule({ label: spec.key, code: generate(spec) });
      pipeline = this.#device.createComputePipeline({ label: spec.key, layout: "auto", compute: { module, entryPoint: "main" } });
      this.#pipelines.set(spec.key, pipeline);
      this.compiled++;
    }
    return pipeline;
  }
  get size() {
    return this.#pipelines.size;
  }
};

// src/runtime/uniform-cache.ts
function contentKey(data) {
  return Array.from(new Uint32Array(data)).join(",");
}
var UniformCache = class {
  #device;
  #capacity;
  #buffers = /* @__PURE__ */ new Map();
  #doomed = [];
  constructor(device, capacity = 4096) {
    this.#device = device;
    this.#capacity = capacity;
  }
  get(data) {
    const key = contentKey(data);
    const hit = this.#buffers.get(key);
    if (hit) {
      this.#buffers.delete(key);
      this.#buffers.set(key, hit);
      return hit;
    }
    const buffer = this.#device.createBuffer({ size: data.byteLength, usage: BufferUsage.UNIFORM, mappedAtCreation: true });
    new Uint8Array(buffer.getMappedRange()).set(new Uint8Array(data));
    buffer.unmap();
    this.#buffers.set(key, buffer);
    if (this.#buffers.size > this.#capacity) {
      const [oldKey, old] = this.#buffers.entries().next().value;
      this.#buffers.delete(oldKey);
      this.#doomed.push(old);
    }
    return buffer;
  }
  afterSubmit() {
    for (const b of this.#doomed) b.destroy();
    this.#doomed = [];
  }
  clear() {
    for (const b of this.#buffers.values()) b.destroy();
    this.#buffers.clear();
    this.afterSubmit();
  }
};

// src/runtime/context.ts
var GpuContext = class {
  device;
  limits;
  pool;
  pipelines;
  generation;
  #uniforms;
  #batchSize;
  #encoder;
  #pass;
  #pending = 0;
  #lost;
  #error;
  dispatches = 0;
  submits = 0;
  constructor(device, generation, options = {}) {
    this.device = device;
    this.limits = device.limits;
    this.generation = generation;
    this.pool = new BufferPool(device, options.poolBudgetBytes ?? 256 * 2 ** 20);
    this.pipelines = new PipelineCache(device);
    this.#uniforms = new UniformCache(device);
    this.#batchSize = options.batchSize ?? 64;
    void device.lost.then((info) => {
      this.#lost = { reason: info.reason, message: info.message };
    });
    device.addEventListener?.("uncapturederror", (event) => {
      this.#error ??= event.error.message;
    });
  }
  get isLost() {
    return this.#lost !== void 0;
  }
  /** Throws DeviceLostError once the device is gone, or the first uncaptured GPU error. */
  check(op) {
    if (this.#lost) throw new DeviceLostError(op, this.#lost.reason, this.#lost.message);
    if (this.#error) {
      const message = this.#error;
      this.#error = void 0;
      throw new UnsupportedError({ op, arg: "GPU command", expected: "no WebGPU validation error", actual: message });
    }
  }
  /** A fresh (pooled) buffer for `elements` floats, checked against the binding limits. */
  allocate(op, elements) {
    const bytes = elements * 4;
    const maxBinding = this.limits.maxStorageBufferBindingSize;
    if (bytes > maxBinding) throw limitError(op, "output", "maxStorageBufferBindingSize", maxBinding, bytes, "bytes");
    if (bytes > this.limits.maxBufferSize) throw limitError(op, "output", "maxBufferSize", this.limits.maxBufferSize, bytes, "bytes");
    return { storage: { buffer: this.pool.acquire(bytes), refs: 1, generation: this.generation }, size: elements };
  }
  release(t) {
    if (--t.storage.refs > 0) return;
    if (t.storage.generation !== this.generation || this.#lost) return;
    this.pool.release(t.storage.buffer);
  }
  upload(data) {
    this.check("upload");
    const t = this.allocate("upload", data.length);
    if (this.#pending > 0) this.flush();
    if (data.length) this.device.queue.writeBuffer(t.storage.buffer, 0, data.buffer, data.byteOffset, data.byteLength);
    return t;
  }
  /** Records one dispatch of `spec`; buffers bind in the order of `spec.bindings`. */
  run(op, spec, buffers, uniforms, launch) {
    this.check(op);
    if (buffers.length !== spec.bindings.length) throw new Error(`program ${spec.key}: ${buffers.length} buffers for ${spec.bindings.length} bindings`);
    const [wx, wy = 1, wz = 1] = spec.workgroup;
    const perGroup = wx * wy * wz;
    const grid = "threads" in launch ? linearGrid(op, Math.ceil(launch.threads / perGroup), this.limits.maxComputeWorkgroupsPerDimension) : checkGrid(op, launch.grid, this.limits.maxComputeWorkgroupsPerDimension);
    if ("threads" in launch && launch.threads === 0) return;
    const pipeline = this.pipelines.get(spec);
    const entries = [{ binding: 0, resource: { buffer: this.#uniforms.get(packUniforms(spec, uniforms)) } }];
    buffers.forEach((t, i) => {
      if (t.storage.generation !== this.generation) {
        throw new DisposedError({ op, arg: `input ${i}`, expected: "a tensor on the current GPU device", actual: `a tensor from device generation ${t.storage.generation} (lost; now ${this.generation})` });
      }
      entries.push({ binding: i + 1, resource: { buffer: t.storage.buffer } });
    });
    const bindGroup = this.device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
    this.#encoder ??= this.device.createCommandEncoder();
    this.#pass ??= this.#encoder.beginComputePass();
    this.#pass.setPipeline(pipeline);
    this.#pass.setBindGroup(0, bindGroup);
    this.#pass.dispatchWorkgroups(grid[0], grid[1], grid[2]);
    this.dispatches++;
    if (++this.#pending >= this.#batchSize) this.flush();
  }
  /** Records a buffer-to-buffer copy (floats). */
  copy(src, srcOffset, dst, dstOffset, elements) {
    if (elements === 0) return;
    this.#endPass();
    this.#encoder ??= this.device.createCommandEncoder();
    this.#encoder.copyBufferToBuffer(src.storage.buffer, srcOffset * 4, dst.storage.buffer, dstOffset * 4, elements * 4);
    this.#pending++;
  }
  #endPass() {
    this.#pass?.end();
    this.#pass = void 0;
  }
  /** Submits everything recorded so far. */
  flush() {
    if (!this.#encoder) return;
    this.#endPass();
    this.device.queue.submit([this.#encoder.finish()]);
    this.#encoder = void 0;
    this.#pending = 0;
    this.submits++;
    this.pool.afterSubmit();
    this.#uniforms.afterSubmit();
  }
  async read(t, elements = t.size) {
    this.check("read");
    if (elements === 0) return new Float32Array(0);
    const bytes = elements * 4;
    const staging = this.device.createBuffer({ size: bytes, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
    this.#endPass();
    this.#encoder ??= this.device.createCommandEncoder();
    this.#encoder.copyBufferToBuffer(t.storage.buffer, 0, staging, 0, bytes);
    this.flush();
    try {
      await staging.mapAsync(MapMode.READ);
    } catch (error) {
      this.check("read");
      throw error;
    }
    const out = new Float32Array(staging.getMappedRange().slice(0));
    staging.unmap();
    staging.destroy();
    this.check("read");
    return out;
  }
  /** Waits for the queue to drain (benchmarks time with it). */
  async sync() {
    this.flush();
    await this.device.queue.onSubmittedWorkDone();
    this.check("sync");
  }
  dispose() {
    this.#encoder = void 0;
    this.#pass = void 0;
    this.pool.clear();
    this.#uniforms.clear();
  }
};

// src/backend.ts
async function createWebGPUBackend(options = {}) {
  let acquired = await acquireDevice(options);
  let generation = 0;
  let context = new GpuContext(acquired.device, generation, options);
  const kernels = createKernels(() => context);
  const backend = {
    specificationVersion: BACKEND_SPEC_VERSION,
    name: "webgpu",
    precision: "float32-gpu",
    kernels,
    get context() {
      return context;
    },
    get adapterInfo() {
      return acquired.adapterInfo;
    },
    get isFallbackAdapter() {
      return acquired.isFallbackAdapter;
    },
    upload: (data) => context.upload(data),
    read: (handle, _shape) => context.read(handle),
    free: (handle) => context.release(handle),
    sync: () => context.sync(),
    async reinitialise(device) {
      context.dispose();
      if (acquired.owned && !context.isLost) acquired.device.destroy();
      acquired = await acquireDevice({ ...options, device });
      context = new GpuContext(acquired.device, ++generation, options);
    },
    dispose() {
      context.flush();
      context.dispose();
      if (acquired.owned) acquired.device.destroy();
    }
  };
  return backend;
}

// bench/rows.ts
var benchRows = [
  { name: "conv3x3 64\u219264 56\xB2", op: "conv2d", inputs: { x: [1, 64, 56, 56], w: [64, 64, 3, 3], b: [64] }, attrs: { pads: [1, 1, 1, 1], activation: "relu" } },
  { name: "depthwise3x3 144ch 56\xB2", op: "conv2d", inputs: { x: [1, 144, 56, 56], w: [144, 1, 3, 3], b: [144] }, attrs: { pads: [1, 1, 1, 1], group: 144, activation: "relu6" } },
  { name: "pointwise1x1 96\u2192576 28\xB2", op: "conv2d", inputs: { x: [1, 96, 28, 28], w: [576, 96, 1, 1], b: [576] }, attrs: { activation: "relu6" } },
  {
    name: "dynamicConv3x3 K=4 64\u219264 28\xB2 batch 1",
    op: "dynamicConv2d",
    inputs: { x: [1, 64, 28, 28], w: [4, 64, 64, 3, 3], a: [1, 4], b: [4, 64] },
    attrs: { pads: [1, 1, 1, 1], activation: "relu" }
  },
  {
    name: "dynamicConv3x3 K=4 64\u219264 28\xB2 batch 8",
    op: "dynamicConv2d",
    inputs: { x: [8, 64, 28, 28], w: [4, 64, 64, 3, 3], a: [8, 4], b: [4, 64] },
    attrs: { pads: [1, 1, 1, 1], activation: "relu" }
  },
  {
    name: "deformConv3x3 64\u219264 28\xB2 (DCNv2)",
    op: "deformConv2d",
    inputs: { x: [1, 64, 28, 28], w: [64, 64, 3, 3], offset: [1, 18, 28, 28], mask: [1, 9, 28, 28], b: [64] },
    attrs: { pads: [1, 1, 1, 1] }
  }
];
function noise(size, seed) {
  let a = seed >>> 0;
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    a = a + 1831565813 >>> 0;
    let t = a;
    t = Math.imul(t ^ t >>> 15, t | 1);
    t ^= t + Math.imul(t ^ t >>> 7, t | 61);
    out[i] = ((t ^ t >>> 14) >>> 0) / 4294967296 * 2 - 1;
  }
  return out;
}

// bench/node-ops.ts
var runs = Number(process.env.BENCH_RUNS ?? 5);
var only = process.env.BENCH_ONLY;
var gpu = await createWebGPUBackend();
console.log(`webgpu in Node: ${gpu.adapterInfo}${gpu.isFallbackAdapter ? " (software adapter: only ratios between GPU backends mean anything)" : ""}`);
for (const row of benchRows) {
  if (only && !row.name.includes(only)) continue;
  const inputs = {};
  let seed = 1;
  for (const [name, shape] of Object.entries(row.inputs)) inputs[name] = tensor(gpu, noise(shape.reduce((p, d) => p * d, 1), seed++), shape);
  const once = async () => {
    const t0 = performance.now();
    const y = runOp(row.op, inputs, row.attrs);
    await gpu.sync();
    const ms = performance.now() - t0;
    y.dispose();
    return ms;
  };
  const first = await once();
  const times = [];
  for (let i = 0; i < runs; i++) times.push(await once());
  times.sort((a, b) => a - b);
  console.log(`${row.name.padEnd(40)} first ${first.toFixed(1).padStart(8)} ms   median ${times[times.length >> 1].toFixed(1).padStart(8)} ms`);
  for (const t of Object.values(inputs)) t.dispose();
}
gpu.dispose();
