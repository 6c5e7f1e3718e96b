import type { TopicEvent, TopicName } from '../api/contract';

type Listener<T extends TopicName> = (event: TopicEvent<T>) => void;

/** Typed fan-out of backend events to every subscribed transport session. */
export class TopicBus {
  readonly #listeners = new Map<TopicName, Set<Listener<TopicName>>>();

  on<T extends TopicName>(topic: T, listener: Listener<T>): () => void {
    let set = this.#listeners.get(topic);
    if (!set) this.#listeners.set(topic, (set = new Set()));
    set.add(listener as Listener<TopicName>);
    return () => set.delete(listener as Listener<TopicName>);
  }

  emit<T extends TopicName>(topic: T, event: TopicEvent<T>): void {
    for (const listener of this.#listeners.get(topic) ?? []) {
      try {
        listener(event);
      } catch {
        // One broken subscriber (a closed window, a dropped socket) must not stop the others.
      }
    }
  }
}
