/**
 * Who makes a closed-loop change and when: every write records both (stage changes through
 * their source id and by_user_id, definition versions through created_by and created_at).
 */

export interface Actor {
  /** A user's name, or the viewer's name when they are not one of the tenant's users. */
  name: string;
  team: 'sales' | 'marketing' | null;
}

export interface LoopContext {
  actor: Actor;
  /** When the change happens (epoch ms). */
  now: number;
}
