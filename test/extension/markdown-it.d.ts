// markdown-it ships no types (the hover security test only renders Markdown to HTML with it).
declare module 'markdown-it' {
  export default class MarkdownIt {
    constructor(options?: { html?: boolean; linkify?: boolean });
    render(markdown: string): string;
  }
}
