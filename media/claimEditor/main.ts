/**
 * The claim editor's page: two views (build and sign / decode and verify) behind keyboard tabs,
 * the context line, and the handshake: load saved state, say `ready`, apply `init`. The page is
 * built on the first `init`, which brings the translations its strings need.
 */
import './claimEditor.css';
import type { EditorContext, PushMessage, SavedState } from '../../src/shared/protocol';
import { BuildView } from './buildView';
import { DecodeView } from './decodeView';
import { el, setChildren } from './dom';
import { Host } from './host';
import { l10n, useBundle } from './l10n';

type ViewName = SavedState['view'];

const saved: { state: SavedState | undefined } = { state: undefined };
let profileName: string | undefined;
let initialised = false;

const host = new Host(onPush);
saved.state = host.loadState();
let view: ViewName = saved.state?.view ?? 'build';

/** The page, once built. */
interface Page {
  decodeView: DecodeView;
  buildView: BuildView;
  title: HTMLElement;
  contextLine: HTMLElement;
  tabs: Record<ViewName, HTMLButtonElement>;
}
let page: Page | undefined;

function buildPage(): Page {
  const decodeView = new DecodeView(host);
  const buildView = new BuildView(host, {
    changed: () => saveState(),
    decode: (token) => {
      selectView('decode', false);
      decodeView.show(token);
    },
  });
  const title = el('h1', { id: 'title', text: l10n.t('JWT Claim Editor') });
  const contextLine = el('p', { id: 'context-line', className: 'note' });
  const tabs = {
    build: el('button', { id: 'tab-build', text: l10n.t('Build and sign'), attrs: { role: 'tab', type: 'button', 'aria-controls': 'view-build' } }),
    decode: el('button', { id: 'tab-decode', text: l10n.t('Decode and verify'), attrs: { role: 'tab', type: 'button', 'aria-controls': 'view-decode' } }),
  };
  page = { decodeView, buildView, title, contextLine, tabs };
  listenToTabs(tabs);
  document.body.append(el('main', {},
    el('header', { className: 'top' }, title, contextLine),
    el('div', { className: 'tabs', attrs: { role: 'tablist', 'aria-label': l10n.t('Editor views') } }, tabs.build, tabs.decode),
    buildView.element,
    decodeView.element));
  selectView(view, false);
  return page;
}

function selectView(next: ViewName, focusTab: boolean): void {
  view = next;
  if (!page) return;
  const { tabs, buildView, decodeView } = page;
  for (const name of ['build', 'decode'] as const) {
    const selected = name === next;
    tabs[name].setAttribute('aria-selected', String(selected));
    tabs[name].tabIndex = selected ? 0 : -1;
  }
  buildView.element.hidden = next !== 'build';
  decodeView.element.hidden = next !== 'decode';
  if (focusTab) tabs[next].focus();
  saveState();
}

function listenToTabs(tabs: Record<ViewName, HTMLButtonElement>): void {
  for (const name of ['build', 'decode'] as const) {
    tabs[name].addEventListener('click', () => selectView(name, false));
    // The tab pattern: arrows move between tabs, Home/End jump to the ends.
    tabs[name].addEventListener('keydown', (event) => {
      if (event.ctrlKey || event.altKey || event.metaKey || event.shiftKey) return; // Ctrl+End scrolls the page
      const order: ViewName[] = ['build', 'decode'];
      const index = order.indexOf(name);
      const target = event.key === 'ArrowRight' ? order[(index + 1) % order.length] : event.key === 'ArrowLeft' ? order[(index + order.length - 1) % order.length] : event.key === 'Home' ? 'build' : event.key === 'End' ? 'decode' : undefined;
      if (!target) return;
      event.preventDefault();
      selectView(target, true);
    });
  }
}

function showContext(context: EditorContext): void {
  if (!page) return;
  const { title, contextLine, decodeView, buildView } = page;
  profileName = context.profile?.name;
  title.textContent = context.profile ? `${l10n.t('JWT Claim Editor')} — ${context.profile.name}` : l10n.t('JWT Claim Editor');
  const parts: string[] = [];
  if (context.profile) {
    const p = context.profile;
    parts.push(`${p.presetLabel} · ${p.flow} · ${p.method} ${p.tokenUrl}`);
    if (p.maxLifetimeSeconds) parts.push(l10n.t('lifetime at most {0} s', p.maxLifetimeSeconds));
  } else parts.push(l10n.t('No profile: decode, and build a template (signing needs a profile\'s key).'));
  const key = context.key && `${context.key.type.toUpperCase()} (${context.key.algorithms.join(', ')})`;
  parts.push(context.key ? (context.key.certificateNotAfter ? l10n.t('key: {0}, certificate until {1}', key!, context.key.certificateNotAfter.slice(0, 10)) : l10n.t('key: {0}', key!)) : l10n.t('no private key stored'));
  if (!context.trusted) parts.push(l10n.t('Restricted Mode: exchanges are off'));
  setChildren(contextLine, parts.join(' — '));
  decodeView.setProfileKeyAvailable(context.key !== undefined);
  buildView.setContext(context);
}

function onPush(message: PushMessage): void {
  switch (message.type) {
    case 'init': {
      // The first init brings the translations and builds the page; a later one (a reload of the extension side) reuses it.
      if (!page) {
        useBundle(message.l10n);
        buildPage();
      }
      const { buildView } = page!;
      showContext(message.context);
      buildView.setPresets(message.presets);
      const state = saved.state;
      // A reload keeps what the user typed; a new editor starts from the profile's template.
      if (!initialised && state && state.profile === message.context.profile?.name) buildView.restore(state.headerText, state.claimsText, state.lifetimeSeconds, state.jti);
      else if (!initialised) buildView.setTemplate(message.template);
      initialised = true;
      if (message.decode !== undefined) showDecode(message.decode);
      saveState();
      break;
    }
    case 'context':
      showContext(message.context);
      break;
    case 'decodeToken':
      showDecode(message.token);
      break;
  }
}

function showDecode(token: string): void {
  if (!page) return;
  selectView('decode', false);
  page.decodeView.show(token);
  page.decodeView.focus();
}

function saveState(): void {
  if (!initialised || !page) return;
  const { buildView } = page;
  host.saveState({
    ...(profileName !== undefined ? { profile: profileName } : {}),
    headerText: buildView.header.text(),
    claimsText: buildView.claims.text(),
    lifetimeSeconds: buildView.lifetimeSeconds() ?? saved.state?.lifetimeSeconds ?? 300,
    jti: buildView.jtiEnabled(),
    view,
  });
}

setInterval(() => {
  if (page && !document.hidden && view === 'build') page.buildView.tick();
}, 1000);

host.ready();
