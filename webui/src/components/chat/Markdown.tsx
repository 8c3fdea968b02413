import { memo } from 'react';
import { renderMarkdown } from '../../lib/markdown';

/** Model output as sanitised HTML (see lib/markdown.ts for what survives). */
export const Markdown = memo(function Markdown({ text }: { text: string }) {
  return <div className="md" dangerouslySetInnerHTML={{ __html: renderMarkdown(text) }} />;
});
