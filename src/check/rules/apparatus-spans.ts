/**
 * What the apparatus rules (app-span-*, app-location-unresolved,
 * variant-encoding-mismatch) know about one document, computed once per rule
 * run with the same analysis the model's normaliser uses
 * (src/model/apparatus/spans.ts), so that a rule never disagrees with what
 * the build does.
 */
import { TextOffsets, analyseSpans, declaredEncoding, methodOf, type DeclaredEncoding, type Method, type PlacedSpan, type SpanAnalysis } from '../../model/apparatus/spans';
import { normaliseApparatus, type LocationFinding } from '../../model/apparatus/normalise';
import type { RuleContext } from './rule';

export interface ApparatusFacts {
  declared: DeclaredEncoding;
  /** Every app with the method it is read by. */
  methods: { app: Element; method: Method }[];
  spans: SpanAnalysis;
}

const FACTS = Symbol('apparatus facts');

export function apparatusFacts(ctx: RuleContext): ApparatusFacts {
  return ctx.index.memo(FACTS, () => {
    const root = ctx.document.root;
    const apps = ctx.index.elements('app');
    // Without apps no rule reads the declaration (variant-encoding-mismatch judges apps only): the header is not searched.
    const declared = apps.length > 0 ? declaredEncoding(root) : {};
    const methods = apps.map((app) => ({ app, method: methodOf(app, declared) }));
    const depa = methods.filter((m) => m.method === 'double-end-point').map((m) => m.app);
    return { declared, methods, spans: depa.length > 0 ? analyseSpans(root, depa, ctx.ids) : new NoSpans(root) };
  });
}

/**
 * The analysis of a document without double-end-point apps: nothing to
 * place. The text offsets (a map entry for every node of the tree, the
 * costliest part of the analysis: 0.2 s on a 4 MB novel) are then built only
 * if something asks for them, which no rule does when there are no spans.
 * A class, not an object literal with a getter: V8 gives each such literal
 * a hidden class of its own, in the old generation, whose getter holds the
 * tree, so that every document's tree outlived the young generation (GC took
 * 1.8 s of 1,000 letters' rules instead of 0.1 s).
 */
class NoSpans implements SpanAnalysis {
  readonly spans: PlacedSpan[] = [];
  readonly unresolved: SpanAnalysis['unresolved'] = [];
  readonly backwards: PlacedSpan[] = [];
  private built?: TextOffsets;

  constructor(private readonly root: Element) {}

  get offsets(): TextOffsets {
    return (this.built ??= new TextOffsets(this.root));
  }
}

/**
 * Location-referenced entries the build cannot place. Found by normalising a
 * copy of the tree (placing one entry moves the search point of the next, so
 * only doing it tells); the copy keeps the source positions.
 */
export function unplacedLocations(ctx: RuleContext): LocationFinding[] {
  const { methods } = apparatusFacts(ctx);
  if (!methods.some((m) => m.method === 'location-referenced')) return [];
  const copy = ctx.document.root.cloneNode(true) as Element;
  const out: LocationFinding[] = [];
  normaliseApparatus(copy, (finding) => out.push(finding));
  return out;
}

/** "line 12" for messages: where an element starts. */
export function lineOfNode(n: Node): number {
  return (n as unknown as { lineNumber?: number }).lineNumber ?? 0;
}

/** How a message names an app: by its xml:id or @n when it has one. */
export function appName(app: Element): string {
  const id = app.getAttributeNS('http://www.w3.org/XML/1998/namespace', 'id');
  const n = app.getAttribute('n');
  return id ? `<app xml:id="${id}">` : n ? `<app n="${n}">` : '<app>';
}

export function describeTarget(el: Element): string {
  return `<${el.localName}> on line ${lineOfNode(el)}`;
}
