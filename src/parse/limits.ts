/** Shapes of XML refused before any tree is built, by the loader and for every included file. */

/**
 * Elements nested deeper than this are refused before the tree is built
 * (`xml-too-deep`). 256 is libxml2's own default limit, so it is the depth
 * that xmllint, lxml, xsltproc and our RELAX NG layer accept without special
 * flags: a deeper document is not portable TEI anyway. Real editions stay far
 * below (the deepest document of the shared corpus has 16 levels). Refusing
 * early also protects every later stage that walks the tree recursively, and
 * the parser itself: xmldom needs 16 s and 1.5 GB for a 7 MB file of a
 * million nested elements.
 */
export const MAX_DEPTH = 256;

/**
 * Attributes on one element beyond this are refused before the tree is built
 * (`xml-too-many-attributes`). The shared corpus has at most 9 on one element;
 * TEI's att.global with every class an element can be in, plus namespace
 * declarations, stays far below 100. libxml2 itself only stops at 100
 * million (XML_MAX_ATTRS in parser.c), but Saxon's parse, which Schematron
 * needs, is quadratic in them: 100,000 attributes on one <p> took 56 s, a
 * million never finished. 256, like the depth limit: generous, and cheap.
 */
export const MAX_ATTRIBUTES = 256;
