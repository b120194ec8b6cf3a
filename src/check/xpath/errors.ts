/**
 * The two ways an XPath expression can fail here. A construct outside the
 * supported subset (or a syntax error) is refused when the expression is
 * compiled, so that the caller can hand the whole schema to SaxonJS, which
 * words syntax errors well; a dynamic error carries its W3C code.
 */

/** A construct outside the supported subset, or a syntax error: the caller falls back to SaxonJS (which words syntax errors). Thrown only by compileXPath. */
export class XPathUnsupported extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XPathUnsupported';
  }
}

/** A dynamic error (XPTY0004, FORG0006, FORG0001, FOAR0001, FORX0002, XPDY0002 …): `code` is the W3C error code. */
export class XPathDynamicError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(`${code}: ${message}`);
    this.name = 'XPathDynamicError';
    this.code = code;
  }
}

export function dynamicError(code: string, message: string): never {
  throw new XPathDynamicError(code, message);
}

export function unsupported(message: string): never {
  throw new XPathUnsupported(message);
}
