/**
 * Builds elements from text only: content goes in through textContent and attributes through
 * setAttribute, so a claim holding markup shows as the characters it is. No innerHTML anywhere.
 */
type Child = Node | string | undefined | false;

export interface Props {
  id?: string;
  className?: string;
  text?: string;
  /** Attributes; event-handler attributes (on…) are refused, handlers go through addEventListener. */
  attrs?: Record<string, string | undefined>;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.id) element.id = props.id;
  if (props.className) element.className = props.className;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (/^on/i.test(name)) throw new Error(`refusing the event-handler attribute ${name}`);
    if (value !== undefined) element.setAttribute(name, value);
  }
  if (props.text !== undefined) element.textContent = props.text;
  for (const child of children) if (child) element.append(child);
  return element;
}

/** Replaces an element's children. */
export function setChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren(...children.filter((c): c is Node | string => Boolean(c)));
}

export function button(text: string, onClick: () => void, props: Props = {}): HTMLButtonElement {
  const b = el('button', { ...props, text, attrs: { type: 'button', ...props.attrs } });
  b.addEventListener('click', onClick);
  return b;
}
