export { compileSchematron, loadNativeSchematron, loadSchematron, SCH_NS, type CompiledSchematron, type SchematronOptions, type UnlocatedFinding } from './compile';
