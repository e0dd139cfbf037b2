/** The case-file format's name (CASES.md): the `format` field of every file. */
export const CASE_FORMAT = 'dcnn-case/1';
