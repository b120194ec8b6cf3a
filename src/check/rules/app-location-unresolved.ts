import type { Rule } from './rule';
import { appName, unplacedLocations } from './apparatus-spans';

/**
 * A location-referenced entry the build cannot place: the apparatus lists it
 * at its line or paragraph, but the text cannot show where its lemma is, and
 * a witness build cannot apply its readings. A warning: the edition prints,
 * but silently dropping those readings from a witness text would be wrong.
 */
export const appLocationUnresolved: Rule = {
  id: 'app-location-unresolved',
  severity: 'warning',
  description: 'the lemma of a location-referenced <app> is found in its line or paragraph, so that witness builds can apply it',
  check(ctx) {
    for (const f of unplacedLocations(ctx)) {
      const consequence = 'it is listed in the apparatus at its place, but a witness build (--witness) cannot apply its readings';
      const app = `this location-referenced ${appName(f.app)}`;
      if (f.why === 'no-place') {
        ctx.report(f.app, `${app} names no line or paragraph that exists (@loc="${f.app.getAttribute('loc') ?? ''}"): ${consequence}`, 'give @loc the @n of an <lb> or the xml:id of the paragraph, or place the <app> in the text after its lemma');
      } else if (f.why === 'no-lemma') {
        ctx.report(f.app, `${app} has no lemma: ${consequence}`, 'add <lem>the words of the text</lem> so that they can be found in the line');
      } else {
        ctx.report(f.app, `the lemma "${f.lemma ?? ''}" of ${app} is not in its line or paragraph before it: ${consequence}`, 'correct the <lem> to the words of the text, or place the <app> in the line of its lemma');
      }
    }
  },
};
