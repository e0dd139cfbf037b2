"""Generates this folder's case files (CASES.md, dcnn-case/1) with NumPy.

The expected outputs come from this file's own vectorised NumPy code (padded-array slicing for
convolutions, explicit bilinear sampling for deformable convolution), not from @dcnn/core, so
they check the reference backend independently. Run: python3 packages/conformance/cases/generate.py
"""
import base64
import json
import math
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20261130)


def f32(a):
    return np.asarray(a, dtype=np.float32)


def rand(*shape, lo=-1.0, hi=1.0):
    """Random float32 values; the file stores float32, so compute from the rounded values."""
    return f32(rng.uniform(lo, hi, size=shape)).astype(np.float64)


def enc(a):
    a = f32(a)
    return {"shape": list(a.shape), "data": base64.b64encode(a.astype("<f4").tobytes()).decode()}


_erf = np.vectorize(math.erf)

ACTIVATIONS = {
    "none": lambda y: y,
    "relu": lambda y: np.maximum(y, 0),
    "relu6": lambda y: np.clip(y, 0, 6),
    "sigmoid": lambda y: 1 / (1 + np.exp(-y)),
    "tanh": np.tanh,
    "silu": lambda y: y / (1 + np.exp(-y)),
    "gelu": lambda y: 0.5 * y * (1 + _erf(y / math.sqrt(2))),
    "hardSigmoid": lambda y: np.clip(0.2 * y + 0.5, 0, 1),
    "hardSwish": lambda y: y * np.clip(y / 6 + 0.5, 0, 1),
}


def conv2d(x, w, b=None, strides=(1, 1), pads=(0, 0, 0, 0), dilations=(1, 1), group=1, activation="none"):
    """Convolution by slicing a zero-padded copy of x; w may be per-sample [N, M, C/g, kh, kw]."""
    n, c, h, wd = x.shape
    per_sample = w.ndim == 5
    m, cg, kh, kw = w.shape[-4:]
    (sh, sw), (dh, dw) = strides, dilations
    top, left, bottom, right = pads
    oh = (h + top + bottom - (dh * (kh - 1) + 1)) // sh + 1
    ow = (wd + left + right - (dw * (kw - 1) + 1)) // sw + 1
    xp = np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)))
    y = np.zeros((n, m, oh, ow))
    mg = m // group
    for s in range(n):
        ws = w[s] if per_sample else w
        for g in range(group):
            xs = xp[s, g * cg:(g + 1) * cg]
            for p in range(kh):
                for q in range(kw):
                    patch = xs[:, p * dh: p * dh + sh * (oh - 1) + 1: sh, q * dw: q * dw + sw * (ow - 1) + 1: sw]
                    y[s, g * mg:(g + 1) * mg] += np.einsum("mc,chw->mhw", ws[g * mg:(g + 1) * mg, :, p, q], patch)
    if b is not None:
        y += b[:, :, None, None] if b.ndim == 2 else b[None, :, None, None]
    return ACTIVATIONS[activation](y)


def dynamic_conv2d(x, w, a, b=None, spatial=None, channel=None, filt=None, activation="none", **attrs):
    n = x.shape[0]
    k, m, cg, kh, kw = w.shape
    kernels = np.einsum("nk,kmcpq->nmcpq", a, w)
    if spatial is not None:
        kernels = kernels * spatial[:, None, None, :, :]
    xs = x * channel[:, :, None, None] if channel is not None else x
    y = conv2d(xs, kernels, **attrs)
    if filt is not None:
        y = y * filt[:, :, None, None]
    if b is not None:
        y = y + (a @ b)[:, :, None, None]
    return ACTIVATIONS[activation](y)


def bilinear(img, h, v):
    height, width = img.shape
    if h <= -1 or h >= height or v <= -1 or v >= width:
        return 0.0
    h0, v0 = math.floor(h), math.floor(v)
    lh, lv = h - h0, v - v0
    total = 0.0
    for dy, wy in ((0, 1 - lh), (1, lh)):
        for dx, wx in ((0, 1 - lv), (1, lv)):
            r, q = h0 + dy, v0 + dx
            if 0 <= r < height and 0 <= q < width:
                total += wy * wx * img[r, q]
    return total


def deform_conv2d(x, w, offset, b=None, mask=None, strides=(1, 1), pads=(0, 0, 0, 0), dilations=(1, 1), group=1, offset_group=1, activation="none"):
    n, c, h, wd = x.shape
    m, cg, kh, kw = w.shape
    (sh, sw), (dh, dw) = strides, dilations
    top, left = pads[0], pads[1]
    oh, ow = offset.shape[2], offset.shape[3]
    cols = np.zeros((n, c, kh, kw, oh, ow))
    per_og = c // offset_group
    for s in range(n):
        for ch in range(c):
            og = ch // per_og
            for p in range(kh):
                for q in range(kw):
                    t = og * kh * kw + p * kw + q
                    for i in range(oh):
                        for j in range(ow):
                            hh = i * sh - top + p * dh + offset[s, 2 * t, i, j]
                            vv = j * sw - left + q * dw + offset[s, 2 * t + 1, i, j]
                            weight = mask[s, t, i, j] if mask is not None else 1.0
                            cols[s, ch, p, q, i, j] = weight * bilinear(x[s, ch], hh, vv)
    y = np.zeros((n, m, oh, ow))
    mg = m // group
    for g in range(group):
        y[:, g * mg:(g + 1) * mg] = np.einsum("mcpq,ncpqij->nmij", w[g * mg:(g + 1) * mg], cols[:, g * cg:(g + 1) * cg])
    if b is not None:
        y += b[None, :, None, None]
    return ACTIVATIONS[activation](y)


def border_offsets(n, og, kh, kw, oh, ow, h, wd, strides, pads, dilations):
    """Offsets whose sampling points land on -1, 0, H-1, H exactly, straddle the edge, or leave the image."""
    off = np.zeros((n, 2 * og * kh * kw, oh, ow))
    for s in range(n):
        for t in range(og * kh * kw):
            p, q = (t % (kh * kw)) // kw, t % kw
            for i in range(oh):
                for j in range(ow):
                    for axis, size, base in ((0, h, i * strides[0] - pads[0] + p * dilations[0]), (1, wd, j * strides[1] - pads[1] + q * dilations[1])):
                        kind = rng.integers(0, 4)
                        target = [rng.choice([-1, 0, size - 1, size]), rng.uniform(-1, 0), rng.uniform(-4, size + 3), rng.uniform(0, size - 1)][kind]
                        off[s, 2 * t + axis, i, j] = target - base
    return f32(off).astype(np.float64)


def pool2d(x, kind, kernel, strides=(1, 1), pads=(0, 0, 0, 0), dilations=(1, 1), ceil_mode=False, count_include_pad=False):
    """ONNX AveragePool / MaxPool with explicit padding, dilation and ceil mode."""
    n, c, h, wd = x.shape
    top, left, bottom, right = pads

    def out_size(size, k, s, begin, end, d):
        span = size + begin + end - (d * (k - 1) + 1)
        o = (math.ceil(span / s) if ceil_mode else span // s) + 1
        if ceil_mode and (o - 1) * s >= size + begin:
            o -= 1
        return o

    oh = out_size(h, kernel[0], strides[0], top, bottom, dilations[0])
    ow = out_size(wd, kernel[1], strides[1], left, right, dilations[1])
    y = np.zeros((n, c, oh, ow))
    for i in range(oh):
        for j in range(ow):
            rows = [i * strides[0] - top + p * dilations[0] for p in range(kernel[0])]
            colsx = [j * strides[1] - left + q * dilations[1] for q in range(kernel[1])]
            inside = [(r, q) for r in rows for q in colsx if 0 <= r < h and 0 <= q < wd]
            vals = np.stack([x[:, :, r, q] for r, q in inside], axis=-1)
            if kind == "max":
                y[:, :, i, j] = vals.max(axis=-1)
            else:
                padded = [(r, q) for r in rows for q in colsx if -top <= r < h + bottom and -left <= q < wd + right]
                y[:, :, i, j] = vals.sum(axis=-1) / (len(padded) if count_include_pad else len(inside))
    return y


def case(name, op, inputs, outputs=None, attrs=None, error=None):
    c = {"name": name, "op": op, "attrs": attrs or {}, "inputs": {k: enc(v) for k, v in inputs.items()}}
    if error:
        c["error"] = error
    else:
        c["outputs"] = {k: enc(v) for k, v in outputs.items()}
    return c


def conv_family():
    cases = []
    x, w, b = rand(2, 6, 9, 8), rand(4, 3, 3, 2), rand(4)
    attrs = {"strides": [2, 1], "pads": [1, 0, 2, 1], "dilations": [2, 2], "group": 2}
    y = conv2d(x, w, b, strides=(2, 1), pads=(1, 0, 2, 1), dilations=(2, 2), group=2)
    cases.append(case("numpy/conv2d/group2-stride2x1-dilation2-asym-pads", "conv2d", {"x": x, "w": w, "b": b}, {"y": y}, attrs))
    x, w = rand(1, 3, 7, 7), rand(6, 1, 3, 3)
    y = conv2d(x, w, group=3, pads=(1, 1, 1, 1), activation="relu6")
    cases.append(case("numpy/conv2d/depthwise-multiplier2-relu6", "conv2d", {"x": x, "w": w}, {"y": y}, {"group": 3, "pads": [1, 1, 1, 1], "activation": "relu6"}))
    x, w, b = rand(3, 5, 6, 6), rand(3, 7, 5, 3, 3), rand(3, 7)
    y = conv2d(x, w, b, strides=(2, 2), pads=(1, 1, 1, 1), activation="gelu")
    cases.append(case("numpy/conv2d/per-sample-kernel-bias-gelu", "conv2d", {"x": x, "w": w, "b": b}, {"y": y}, {"strides": [2, 2], "pads": [1, 1, 1, 1], "activation": "gelu"}))

    n, c, k, m = 2, 4, 3, 6
    x, w, b = rand(n, c, 9, 7), rand(k, m, c // 2, 3, 3), rand(k, m)
    a = rng.uniform(0.1, 1, size=(n, k))
    a = f32(a / a.sum(axis=1, keepdims=True)).astype(np.float64)
    sp, ch, fi = rand(n, 3, 3, lo=0, hi=1), rand(n, c, lo=0, hi=1), rand(n, m, lo=0, hi=1)
    y = dynamic_conv2d(x, w, a, b, sp, ch, fi, activation="silu", strides=(2, 2), pads=(1, 1, 1, 1), group=2)
    cases.append(case("numpy/dynamicConv2d/k3-group2-stride2-all-attentions-silu", "dynamicConv2d",
                      {"x": x, "w": w, "a": a, "b": b, "spatialAttn": sp, "channelAttn": ch, "filterAttn": fi}, {"y": y},
                      {"strides": [2, 2], "pads": [1, 1, 1, 1], "group": 2, "activation": "silu"}))
    x, w = rand(1, 5, 5, 5), rand(1, 4, 5, 1, 1)
    a = np.ones((1, 1))
    y = dynamic_conv2d(x, w, a)
    cases.append(case("numpy/dynamicConv2d/k1-pointwise", "dynamicConv2d", {"x": x, "w": w, "a": a}, {"y": y}))

    for name, (n, c, h, wd, m, kh, kw, st, pd, dl, gr, og, with_mask) in {
        "stride2-dilation2-group2-offset-groups2-mask": (2, 4, 9, 8, 4, 3, 3, (2, 2), (2, 1, 2, 1), (2, 2), 2, 2, True),
        "border-and-outside-offsets": (1, 3, 5, 6, 2, 3, 3, (1, 1), (1, 1, 1, 1), (1, 1), 1, 1, False),
        "kernel2x3-offset-groups3-mask": (1, 6, 6, 6, 3, 2, 3, (1, 2), (0, 1, 1, 0), (1, 1), 1, 3, True),
    }.items():
        oh = (h + pd[0] + pd[2] - (dl[0] * (kh - 1) + 1)) // st[0] + 1
        ow = (wd + pd[1] + pd[3] - (dl[1] * (kw - 1) + 1)) // st[1] + 1
        x, w, b = rand(n, c, h, wd), rand(m, c // gr, kh, kw), rand(m)
        off = border_offsets(n, og, kh, kw, oh, ow, h, wd, st, pd, dl)
        mask = rand(n, og * kh * kw, oh, ow, lo=0, hi=1) if with_mask else None
        y = deform_conv2d(x, w, off, b, mask, st, pd, dl, gr, og)
        inputs = {"x": x, "w": w, "offset": off, "b": b}
        if mask is not None:
            inputs["mask"] = mask
        cases.append(case(f"numpy/deformConv2d/{name}", "deformConv2d", inputs, {"y": y},
                          {"strides": list(st), "pads": list(pd), "dilations": list(dl), "group": gr, "offsetGroup": og}))
    return cases


def other_ops():
    cases = []
    x = rand(2, 3, 7, 6)
    cases.append(case("numpy/avgPool2d/ceil-count-include-pad", "avgPool2d", {"x": x},
                      {"y": pool2d(x, "avg", (3, 3), (2, 2), (1, 1, 1, 0), ceil_mode=True, count_include_pad=True)},
                      {"kernel": [3, 3], "strides": [2, 2], "pads": [1, 1, 1, 0], "ceilMode": True, "countIncludePad": True}))
    cases.append(case("numpy/maxPool2d/dilation2-pads", "maxPool2d", {"x": x},
                      {"y": pool2d(x, "max", (2, 3), (1, 2), (1, 0, 0, 1), dilations=(2, 2))},
                      {"kernel": [2, 3], "strides": [1, 2], "pads": [1, 0, 0, 1], "dilations": [2, 2]}))
    x, sc, bi, mu, var = rand(2, 5, 3, 3), rand(5), rand(5), rand(5), rand(5, lo=0.1, hi=2)
    cases.append(case("numpy/batchNorm/nchw", "batchNorm", {"x": x, "scale": sc, "bias": bi, "mean": mu, "var": var},
                      {"y": (x - mu[:, None, None]) / np.sqrt(var[:, None, None] + 1e-3) * sc[:, None, None] + bi[:, None, None]}, {"epsilon": 1e-3}))
    x, w, b = rand(3, 10), rand(4, 10), rand(4)
    cases.append(case("numpy/dense/gelu", "dense", {"x": x, "w": w, "b": b}, {"y": ACTIVATIONS["gelu"](x @ w.T + b)}, {"activation": "gelu"}))
    x = rand(2, 4, 3, lo=-5, hi=5)
    z = x / 0.7
    e = np.exp(z - z.max(axis=1, keepdims=True))
    cases.append(case("numpy/softmax/axis1-temperature0.7", "softmax", {"x": x}, {"y": e / e.sum(axis=1, keepdims=True)}, {"axis": 1, "temperature": 0.7}))
    x = rand(2, 3, 4, 5)
    cases.append(case("numpy/reduceMean/axes2_3-drop", "reduceMean", {"x": x}, {"y": x.mean(axis=(2, 3))}, {"axes": [2, 3], "keepDims": False}))
    cases.append(case("numpy/reduceMax/axis1-keep", "reduceMax", {"x": x}, {"y": x.max(axis=1, keepdims=True)}, {"axes": [1]}))
    cases.append(case("numpy/transpose/nchw-to-nhwc", "transpose", {"x": x}, {"y": x.transpose(0, 2, 3, 1)}, {"perm": [0, 2, 3, 1]}))
    a, b = rand(2, 3, 1, 5), rand(4, 1)
    cases.append(case("numpy/add/broadcast-both-sides", "add", {"a": a, "b": b}, {"y": a + b}))
    x = rand(3, 7, lo=-5, hi=5)
    cases.append(case("numpy/hardSwish/wide", "hardSwish", {"x": x}, {"y": ACTIVATIONS["hardSwish"](x)}))
    x = rand(2, 6)
    cases.append(case("numpy/split/axis1-sizes-2-4", "split", {"x": x}, {"y0": x[:, :2], "y1": x[:, 2:]}, {"axis": 1, "sizes": [2, 4]}))
    cases.append(case("numpy/dynamicConv2d/error-attention-k", "dynamicConv2d", {"x": rand(1, 2, 4, 4), "w": rand(3, 2, 2, 3, 3), "a": rand(1, 2)}, error="ShapeError"))
    cases.append(case("numpy/deformConv2d/error-offset-channels", "deformConv2d", {"x": rand(1, 2, 4, 4), "w": rand(2, 2, 3, 3), "offset": rand(1, 9, 2, 2)}, error="ShapeError"))
    cases.append(case("numpy/reshape/error-two-minus-ones", "reshape", {"x": rand(2, 3)}, attrs={"shape": [-1, -1]}, error="AttributeError"))
    return cases


for file, cases in {"conv-family.json": conv_family(), "other-ops.json": other_ops()}.items():
    with open(os.path.join(HERE, file), "w") as fh:
        json.dump({"format": "dcnn-case/1", "cases": cases}, fh, indent=1)
        fh.write("\n")
