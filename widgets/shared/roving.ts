import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface RovingFocusOptions {
  /** Selects the marks, in reading order, inside the host's shadow root. */
  selector: string;
  /** Enter, Space or a click on mark `index`. */
  onSelect?: (index: number) => void;
  /** Mark `index` got focus (by keyboard or pointer): show its tooltip. */
  onFocus?: (index: number) => void;
}

/**
 * Roving tabindex across a chart's marks: one Tab stop for the chart, arrow keys move between marks,
 * Home/End jump, Enter/Space select. Render each mark with `tabindex=${roving.tabIndex(i)}`,
 * `@keydown=${roving.onKeydown}`, `@focus=${() => roving.focused(i)}` and `@click=${() => roving.select(i)}`.
 */
export class RovingFocusController implements ReactiveController {
  index = 0;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: RovingFocusOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  tabIndex(index: number): 0 | -1 {
    return index === this.index ? 0 : -1;
  }

  private marks(): HTMLElement[] {
    return [...(this.host.shadowRoot?.querySelectorAll<HTMLElement>(this.options.selector) ?? [])];
  }

  focused(index: number): void {
    if (this.index !== index) {
      this.index = index;
      this.host.requestUpdate();
    }
    this.options.onFocus?.(index);
  }

  select(index: number): void {
    this.focused(index);
    this.options.onSelect?.(index);
  }

  readonly onKeydown = (event: KeyboardEvent): void => {
    const count = this.marks().length;
    if (count === 0) return;
    const current = Math.min(this.index, count - 1);
    const moves: Record<string, number> = {
      ArrowRight: current + 1,
      ArrowDown: current + 1,
      ArrowLeft: current - 1,
      ArrowUp: current - 1,
      Home: 0,
      End: count - 1,
    };
    if (event.key in moves) {
      event.preventDefault();
      const next = Math.max(0, Math.min(count - 1, moves[event.key]));
      this.marks()[next]?.focus();
      this.focused(next);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.select(current);
    }
  };
}
