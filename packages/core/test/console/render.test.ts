import { describe, expect, it } from 'vitest';
import { renderSlackMessage } from '../../src/console/block-kit.js';
import { mrkdwnToHtml } from '../../src/console/mrkdwn.js';

const md = (text: string) => mrkdwnToHtml(text).value;

describe('mrkdwn → HTML', () => {
  it('draws bold, italic, strike and inline code', () => {
    expect(md('*Concern:* _late_ ~old~ `AB-12`')).toBe('<strong>Concern:</strong> <em>late</em> <del>old</del> <code class="sk-code">AB-12</code>');
  });

  it('leaves markers inside words and code alone', () => {
    expect(md('snake_case_name and 2*3*4')).toBe('snake_case_name and 2*3*4');
    expect(md('`*not bold*`')).toBe('<code class="sk-code">*not bold*</code>');
  });

  it('draws code blocks verbatim, without formatting, dropping the fence newlines', () => {
    expect(md('📝 Full Transcription:\n```\nAgent: *hi* <@U1>\nCustomer: a &lt; b\n```')).toBe(
      '📝 Full Transcription:<pre class="sk-pre"><code>Agent: *hi* &lt;@U1&gt;\nCustomer: a &lt; b</code></pre>',
    );
  });

  it('draws user and channel mentions, special mentions and dates', () => {
    expect(md('<@U04ASHA123> (Asha)')).toBe('<span class="sk-mention">@U04ASHA123</span> (Asha)');
    expect(md('<@U04ASHA123|asha> in <#C024BE7LR|support> <!here>')).toBe(
      '<span class="sk-mention">@asha</span> in <span class="sk-mention">#support</span> <span class="sk-mention">@here</span>',
    );
    expect(md('<!date^1392734382^{date}|Feb 18, 2014>')).toBe('Feb 18, 2014');
  });

  it('draws http(s) links and refuses other schemes', () => {
    expect(md('<https://example.com/a?b=1&amp;c=2|the docs>')).toBe('<a class="sk-link" href="https://example.com/a?b=1&amp;c=2" rel="noopener noreferrer nofollow">the docs</a>');
    expect(md('<javascript:alert(1)|click>')).toBe('&lt;javascript:alert(1)|click&gt;');
  });

  it('draws quotes and line breaks', () => {
    expect(md('one\n&gt; quoted\n&gt; more\ntwo')).toBe('one<blockquote class="sk-quote">quoted<br>more</blockquote>two');
  });

  it('renders escaped user text inert: Slack escapes become visible characters, never markup', () => {
    const out = md('• Agent: &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;');
    expect(out).toBe('• Agent: &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;');
    expect(md('"quoted" \'single\'')).toBe('&quot;quoted&quot; &#39;single&#39;');
  });

  it('never emits markup from raw angle brackets that are not Slack constructs', () => {
    expect(md('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(md('<@U1|<b>x</b>>')).not.toContain('<b>');
  });
});

describe('Block Kit → HTML', () => {
  it('draws header, section (text and fields), context and divider blocks in order', () => {
    const out = renderSlackMessage({
      text: 'fallback',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Call <minutes>' } },
        { type: 'section', text: { type: 'mrkdwn', text: '*Agent:* <@U1>' }, fields: [{ type: 'mrkdwn', text: '_one_' }, { type: 'plain_text', text: '*two*' }] },
        { type: 'divider' },
        { type: 'context', elements: [{ type: 'mrkdwn', text: '`c1`' }, { type: 'image', image_url: 'https://x/y.png', alt_text: 'logo' }] },
        { type: 'actions', elements: [] },
      ],
    }).value;
    expect(out).toContain('<div class="sk-header">Call &lt;minutes&gt;</div>');
    expect(out).toContain('<div class="sk-section"><strong>Agent:</strong> <span class="sk-mention">@U1</span><div class="sk-fields"><div><em>one</em></div><div>*two*</div></div></div>');
    expect(out).toContain('<hr class="sk-divider">');
    expect(out).toContain('<div class="sk-context"><span><code class="sk-code">c1</code></span><span><span class="sk-image">[image: logo]</span></span></div>');
    expect(out).toContain('<div class="sk-unknown">[actions block]</div>');
    expect(out.indexOf('sk-header')).toBeLessThan(out.indexOf('sk-section'));
    expect(out).not.toContain('fallback');
    expect(out).not.toContain('https://x/y.png');
  });

  it('shows the fallback text when a message has no blocks', () => {
    expect(renderSlackMessage({ text: '*hi*' }).value).toContain('<strong>hi</strong>');
  });

  it('ignores malformed blocks instead of throwing', () => {
    expect(() => renderSlackMessage({ blocks: [null, 7, { type: 'section' }, { type: 'section', text: { type: 'mrkdwn', text: 5 } }] })).not.toThrow();
  });
});
