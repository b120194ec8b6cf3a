/** Imported first by the command's entry points, so that every module after it comes from the code cache. */
import { installCodeCache } from './code-cache';

installCodeCache();
