import type { Funnel, FunnelStage } from './funnel.query.js';

/**
 * Pure: a grouped funnel answer → the funnels drawn side by side. The gateway sends the groups most
 * people first; the top N are kept and the rest added up, stage by stage, as "Other" (a person in
 * several channels or campaigns is in several groups, so "Other" may count someone twice there, as
 * the groups do). A single rest group keeps its own name.
 */

export interface FunnelPanel {
  label: string;
  /** The group's value (an id for owners, teams, campaigns); null for none and for "Other". */
  value: string | null;
  other: boolean;
  /** The ladder with this group's counts; conversion is reached(next) ÷ reached(this), as the funnel's. */
  stages: FunnelStage[];
}

export function funnelPanels(data: Funnel, top: number): { panels: FunnelPanel[]; folded: number } {
  const groups = data.groups ?? [];
  const kept = groups.length > top + 1 ? groups.slice(0, top) : groups;
  const rest = groups.slice(kept.length);
  const panel = (label: string, value: string | null, reached: number[], other = false): FunnelPanel => ({
    label,
    value,
    other,
    stages: data.stages.map((stage, i) => ({
      ...stage,
      reached: reached[i] ?? 0,
      // The funnel's rule (docs/domain.md "Conversion by cohort"); "Other" has no gateway figure to copy.
      conversionToNext: reached[i] && i + 1 < data.stages.length ? (reached[i + 1] ?? 0) / reached[i] : null,
      // Days and recycling are not asked per group.
      medianDaysToNext: null,
      recycledBack: 0,
    })),
  });
  const panels = kept.map((g) => panel(g.label, g.value, g.reached));
  if (rest.length > 0)
    panels.push(
      panel(
        'Other',
        null,
        data.stages.map((_, i) => rest.reduce((sum, g) => sum + (g.reached[i] ?? 0), 0)),
        true,
      ),
    );
  return { panels, folded: rest.length };
}
