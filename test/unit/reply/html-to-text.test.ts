import { describe, expect, it } from 'vitest';
import { decodeEntities, htmlToText } from '#domain/reply/new-text.ts';

describe('htmlToText', () => {
  it('breaks lines at blocks and <br>, drops head/style/script/images, keeps link text', () => {
    const html =
      '<html><head><title>t</title><style>p{color:red}</style></head><body>' +
      '<p>Hello&nbsp;there &amp; <a href="https://x.example">the   link</a><br>line two<img src="a.png"></p>' +
      '<script>alert(1)</script><ul><li>one</li><li>two</li></ul><table><tr><td>a</td><td>b</td></tr></table></body></html>';
    expect(htmlToText(html)).toBe('Hello there & the link\nline two\n\none\ntwo\n\na b');
  });

  it('quotes blockquotes with ">" and turns <hr> into a rule the quoted-history cut recognises', () => {
    expect(htmlToText('<div>Yes</div><blockquote>old<blockquote>older</blockquote></blockquote>')).toBe(
      'Yes\n> old\n> > older',
    );
    expect(htmlToText('<div>Yes</div><hr><div><b>From:</b> Jordan</div>')).toBe(
      `Yes\n${'-'.repeat(40)}\nFrom: Jordan`,
    );
  });

  it('decodes named and numeric entities, leaving unknown ones as written', () => {
    expect(decodeEntities('Caf&eacute; &#8212; &#x2019;ok&#x2019; &lt;b&gt; &bogus; R&D')).toBe(
      'Café — ’ok’ <b> &bogus; R&D',
    );
  });
});
