/**
 * The page's main action, for the skip link (runes singleton): the component that owns it (the drop zone's "Choose
 * files…", the new-job form) registers the element's id and what the link should say; the layout's skip link reads
 * it and falls back to the page's content when nothing is registered.
 *
 * Non-goals: focus management beyond the skip link.
 */
export interface MainAction {
  /** id of the element that receives focus. */
  id: string;
  /** Completes "Skip to …", e.g. "adding resumes". */
  label: string;
}

class MainActionState {
  current = $state<MainAction | null>(null);

  /** Makes `action` the page's main action; returns the function that withdraws it (call it on unmount). */
  register(action: MainAction): () => void {
    this.current = action;
    return () => {
      if (this.current?.id === action.id) this.current = null;
    };
  }
}

export const mainAction = new MainActionState();
