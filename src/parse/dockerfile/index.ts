export type * from './ast.js';
export { INSTRUCTION_KEYWORDS } from './ast.js';
export { dumpBuildkit, dumpInstruction } from './dump.js';
export * from './expand.js';
export { chompHeredoc, findHeredocOperators, type HeredocOperator, parseHeredocWord } from './heredoc.js';
export { type ImageRef, type NormalizedImageName, normalizeImageRef, parseImageRef } from './image-ref.js';
export { MappedText } from './mapped-text.js';
export * from './model.js';
export { type ParseOptions, parseDockerfile, parseDockerfileOrThrow } from './parser.js';
