import { EditorContent, useEditor, useEditorState } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useId } from 'react';
import { FieldError } from '../Field.js';

interface Props {
  label: string;
  hint?: string;
  value: string;
  onChange: (html: string) => void;
  error?: string | undefined;
}

/**
 * The newsletter's words in TipTap (ProseMirror): paragraphs, headings, bold, italic, lists,
 * quotes and links, which are what the server's sanitiser keeps. The toolbar's buttons are
 * ordinary buttons with pressed states, and the editing area is a labelled, multi-line textbox.
 */
export function RichTextEditor({ label, hint, value, onChange, error }: Props) {
  const id = useId();
  const labelId = `${id}-label`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  const editor = useEditor({
    extensions: [StarterKit.configure({ heading: { levels: [2, 3] }, link: { openOnClick: false, protocols: ['mailto', 'tel'] } })],
    content: value,
    immediatelyRender: true,
    editorProps: {
      attributes: {
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-labelledby': labelId,
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
        ...(error ? { 'aria-invalid': 'true' } : {}),
        class: 'rich-text-area input',
      },
    },
    onUpdate: ({ editor: e }) => onChange(e.isEmpty ? '' : e.getHTML()),
  });
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      h2: e.isActive('heading', { level: 2 }),
      h3: e.isActive('heading', { level: 3 }),
      bullets: e.isActive('bulletList'),
      numbers: e.isActive('orderedList'),
      quote: e.isActive('blockquote'),
      link: e.isActive('link'),
    }),
  });

  const button = (name: string, pressed: boolean, run: () => void) => (
    // Pressed with the mouse, the button leaves the focus (and the marks to type with) in the text.
    <button type="button" className="button button-secondary button-small" aria-pressed={pressed} onMouseDown={(e) => e.preventDefault()} onClick={run}>
      {name}
    </button>
  );
  const chain = () => editor.chain().focus();
  function link() {
    if (state.link) {
      chain().unsetLink().run();
      return;
    }
    const href = window.prompt('Link to (https://…)');
    if (href) chain().extendMarkRange('link').setLink({ href }).run();
  }

  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <span className="label" id={labelId}>
        {label}
      </span>
      {hint && (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && <FieldError id={errorId} field={label} message={error} />}
      <div className="rich-text">
        <div role="toolbar" aria-label={`Formatting for ${label.toLowerCase()}`} className="rich-text-toolbar">
          {button('Bold', state.bold, () => chain().toggleBold().run())}
          {button('Italic', state.italic, () => chain().toggleItalic().run())}
          {button('Heading', state.h2, () => chain().toggleHeading({ level: 2 }).run())}
          {button('Subheading', state.h3, () => chain().toggleHeading({ level: 3 }).run())}
          {button('Bulleted list', state.bullets, () => chain().toggleBulletList().run())}
          {button('Numbered list', state.numbers, () => chain().toggleOrderedList().run())}
          {button('Quote', state.quote, () => chain().toggleBlockquote().run())}
          {button('Link', state.link, link)}
        </div>
        <EditorContent editor={editor} />
      </div>
    </div>
  );
}
