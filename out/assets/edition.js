/* tei-edition: small enhancements for an HTML edition. The page is complete
   without this script (the lemma text shows, apparatus calls open native
   popovers, every list is on the page); the script adds the witness switch,
   places popovers next to their call, the line-break toggle, and shows each
   paragraph's citation when the pointer rests on its ¶ mark. */
(function () {
  'use strict';
  var doc = document;
  doc.documentElement.classList.add('js');

  var hasPopover = typeof HTMLElement !== 'undefined' && Object.prototype.hasOwnProperty.call(HTMLElement.prototype, 'popover');

  function hasToken(list, token) {
    return (' ' + (list || '') + ' ').indexOf(' ' + token + ' ') >= 0;
  }

  /* ---------------------------------------------------------- witnesses */
  // Each reading carries the witnesses that show it (data-wit); a witness that
  // no reading names keeps the reading of the edited text (data-shown).
  function showWitness(wit) {
    var groups = doc.querySelectorAll('.app');
    for (var g = 0; g < groups.length; g++) {
      var rdgs = [];
      var kids = groups[g].children;
      for (var k = 0; k < kids.length; k++) if (kids[k].classList.contains('rdg')) rdgs.push(kids[k]);
      if (rdgs.length === 0) continue;
      var match = null;
      if (wit) {
        for (var i = 0; i < rdgs.length; i++) {
          if (hasToken(rdgs[i].getAttribute('data-wit'), wit)) { match = rdgs[i]; break; }
        }
      }
      for (var j = 0; j < rdgs.length; j++) {
        rdgs[j].hidden = match ? rdgs[j] !== match : !rdgs[j].hasAttribute('data-shown');
      }
    }
    doc.body.setAttribute('data-witness', wit || '');
  }

  function setupWitnessSwitch() {
    var box = doc.getElementById('witness-switch');
    if (!box) return;
    box.hidden = false;
    box.addEventListener('change', function (ev) {
      var t = ev.target;
      if (t && t.name === 'wit') showWitness(t.value);
    });
    var checked = box.querySelector('input[name="wit"]:checked');
    if (checked && checked.value) showWitness(checked.value);
  }

  function selectWitness(wit) {
    var box = doc.getElementById('witness-switch');
    if (!box) return;
    var inputs = box.querySelectorAll('input[name="wit"]');
    for (var i = 0; i < inputs.length; i++) inputs[i].checked = inputs[i].value === wit;
    showWitness(wit);
  }

  /* A link into a reading that is hidden (from the index of names, say) switches to a witness that has it. */
  function revealTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    var target = doc.getElementById(id);
    if (!target) return;
    var rdg = target.closest('.rdg[hidden]');
    if (!rdg) return;
    var wits = (rdg.getAttribute('data-wit') || '').split(' ').filter(Boolean);
    if (wits.length > 0) {
      selectWitness(wits[0]);
      target.scrollIntoView();
    }
  }

  /* ---------------------------------------------------------- popovers */
  var invoker = null;

  function place(pop, btn) {
    var r = btn.getBoundingClientRect();
    pop.classList.add('placed');
    pop.style.position = 'absolute';
    pop.style.inset = 'auto';
    pop.style.top = Math.round(r.bottom + window.scrollY + 6) + 'px';
    pop.style.left = Math.round(r.left + window.scrollX) + 'px';
  }

  function keepInView(pop) {
    var rect = pop.getBoundingClientRect();
    var vw = doc.documentElement.clientWidth;
    if (rect.right > vw - 8) {
      pop.style.left = Math.max(8, Math.round(vw - rect.width - 8 + window.scrollX)) + 'px';
    }
    var vh = window.innerHeight;
    if (rect.bottom > vh - 8 && invoker) {
      var r = invoker.getBoundingClientRect();
      var above = r.top - rect.height - 6;
      if (above > 8) pop.style.top = Math.round(above + window.scrollY) + 'px';
    }
  }

  function setupPopovers() {
    doc.addEventListener('click', function (ev) {
      var btn = ev.target && ev.target.closest ? ev.target.closest('.app-ref') : null;
      if (!btn) return;
      if (!hasPopover) {
        // No popover support: the apparatus list is the fallback.
        var entry = btn.getAttribute('data-entry');
        if (entry) location.hash = '#' + entry;
        return;
      }
      invoker = btn;
    });
    if (!hasPopover) return;
    var pops = doc.querySelectorAll('.app-pop');
    for (var i = 0; i < pops.length; i++) {
      pops[i].addEventListener('beforetoggle', function (ev) {
        if (ev.newState === 'open' && invoker && invoker.getAttribute('popovertarget') === this.id) place(this, invoker);
      });
      pops[i].addEventListener('toggle', function (ev) {
        if (ev.newState === 'open') keepInView(this);
      });
    }
  }

  /* ---------------------------------------------------------- source line breaks */
  function setupLineBreaks() {
    var box = doc.getElementById('toggle-lb');
    if (!box) return;
    var label = box.closest('label');
    if (label) label.hidden = false;
    box.addEventListener('change', function () {
      doc.body.classList.toggle('show-lb', box.checked);
    });
  }

  /* ---------------------------------------------------------- paragraph citations */
  // Each ¶ link carries its paragraph's full citation (data-cite); shown on hover,
  // without writing it into the page twice.
  function setupParagraphCitations() {
    var marks = doc.querySelectorAll('.pilcrow[data-cite]');
    for (var i = 0; i < marks.length; i++) {
      if (!marks[i].title) marks[i].title = marks[i].getAttribute('data-cite');
    }
  }

  function init() {
    setupParagraphCitations();
    setupWitnessSwitch();
    setupPopovers();
    setupLineBreaks();
    revealTarget();
    window.addEventListener('hashchange', revealTarget);
  }

  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', init);
  else init();
})();
