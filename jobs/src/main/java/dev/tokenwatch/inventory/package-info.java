/**
 * The token inventory and breach triage over events: one {@link dev.tokenwatch.inventory.TokenRecord}
 * per token folded from its events in event-time order, and the questions an investigator asks after
 * a leak. No Flink types: the keyed-state inventory in the job is a later adapter around this.
 */
package dev.tokenwatch.inventory;
