/**
 * A small XML well-formedness check for tests (no dependency): one declaration, properly nested
 * and closed tags, valid names, attributes quoted, only the five predefined entities or numeric
 * references, no raw '<' or '&' in text. Returns the root element's name and its children's names.
 */
export function checkXml(text: string): { root: string; children: string[] } {
  let s = text;
  const decl = s.match(/^<\?xml version="1\.0" encoding="utf-8"\?>\s*/i);
  if (!decl) throw new Error('no XML declaration');
  s = s.slice(decl[0].length);
  const stack: string[] = [];
  let root = '';
  const children: string[] = [];
  const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
  let i = 0;
  while (i < s.length) {
    const lt = s.indexOf('<', i);
    const textPart = lt < 0 ? s.slice(i) : s.slice(i, lt);
    if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(textPart)) throw new Error(`bad entity in "${textPart.slice(0, 40)}"`);
    if (stack.length === 0 && textPart.trim()) throw new Error('text outside the root element');
    if (lt < 0) break;
    const gt = s.indexOf('>', lt);
    if (gt < 0) throw new Error('unclosed tag');
    const tag = s.slice(lt + 1, gt);
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      if (stack.pop() !== name) throw new Error(`mismatched </${name}>`);
    } else {
      const selfClosing = tag.endsWith('/');
      const body = selfClosing ? tag.slice(0, -1) : tag;
      const [name, ...rest] = body.trim().split(/\s+/);
      if (!name || !NAME.test(name)) throw new Error(`bad element name "${name}"`);
      const attrs = rest.join(' ');
      if (attrs && !/^([A-Za-z_:][\w:.-]*="[^"<&]*"\s*)*$/.test(attrs)) throw new Error(`bad attributes on <${name}>`);
      if (stack.length === 0) {
        if (root) throw new Error('two root elements');
        root = name;
      } else if (stack.length === 1) children.push(name);
      if (!selfClosing) stack.push(name);
      else if (stack.length === 0) root = name;
    }
    i = gt + 1;
  }
  if (stack.length) throw new Error(`unclosed <${stack[stack.length - 1]}>`);
  if (!root) throw new Error('no root element');
  return { root, children };
}
