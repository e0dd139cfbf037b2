/**
 * Thrown where a test uses something dcnn cannot express (an op, an attribute, a dtype, external
 * data); the runner reports the test as `unsupported` with the message as the reason.
 */
export class NotMapped extends Error {
  override readonly name = 'NotMapped';
}
