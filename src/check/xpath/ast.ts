/** The syntax tree of the supported XPath subset. */
import type { Atomic, ArithOp, CastTarget, ValueOp } from './atomic';
import type { Axis } from './nodes';

/** A name test: null matches any namespace / any local name. `uri` '' is no namespace. */
export interface NameTest {
  k: 'name';
  uri: string | null;
  local: string | null;
}

export interface KindTest {
  k: 'kind';
  kind: 'node' | 'text' | 'comment' | 'pi' | 'element' | 'attribute' | 'document';
  /** element(N) / attribute(N): the name; processing-instruction(N): the target (uri ''). */
  name?: { uri: string; local: string };
}

export type NodeTestSpec = NameTest | KindTest;

export type ItemType = { k: 'item' } | { k: 'atomic'; type: CastTarget | 'xs:anyAtomicType' | 'xs:anyURI' } | KindTest;

export type SequenceType = { k: 'empty' } | { k: 'items'; item: ItemType; occurrence: '' | '?' | '*' | '+' };

export interface Binding {
  name: string;
  expr: Expr;
}

export type Expr =
  | { k: 'literal'; value: Atomic }
  | { k: 'var'; name: string }
  | { k: 'context' }
  | { k: 'root' }
  | { k: 'seq'; items: Expr[] }
  | { k: 'for'; bindings: Binding[]; ret: Expr }
  | { k: 'let'; bindings: Binding[]; ret: Expr }
  | { k: 'quantified'; every: boolean; bindings: Binding[]; test: Expr }
  | { k: 'if'; cond: Expr; then: Expr; else: Expr }
  | { k: 'logic'; op: 'and' | 'or'; left: Expr; right: Expr }
  | { k: 'general'; op: ValueOp; left: Expr; right: Expr }
  | { k: 'value'; op: ValueOp; left: Expr; right: Expr }
  | { k: 'nodecmp'; op: 'is' | '<<' | '>>'; left: Expr; right: Expr }
  | { k: 'strconcat'; left: Expr; right: Expr }
  | { k: 'range'; left: Expr; right: Expr }
  | { k: 'arith'; op: ArithOp; left: Expr; right: Expr }
  | { k: 'unary'; minus: boolean; operand: Expr }
  | { k: 'set'; op: 'union' | 'intersect' | 'except'; left: Expr; right: Expr }
  | { k: 'instance'; expr: Expr; type: SequenceType }
  | { k: 'cast'; expr: Expr; target: CastTarget; optional: boolean; castable: boolean }
  | { k: 'map'; left: Expr; right: Expr }
  | { k: 'call'; name: string; args: Expr[] }
  | { k: 'path'; steps: Expr[] }
  | { k: 'filter'; base: Expr; preds: Expr[] }
  | { k: 'step'; axis: Axis; test: NodeTestSpec; preds: Expr[] };
