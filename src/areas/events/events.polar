# Events: the workspace's outbox, read as a list and as the change feed. Members with events.read see
# the events of their workspace whose resources they may read.

grants(m: MemberActor, "read", e: Event) if
  e.workspaceId = m.workspaceId and m.can("events.read") and m.seesAllEvents();

# Otherwise only the types whose resource the member may read (each type's `permission` in
# src/events/catalogue.ts): a supervisor without webhooks.manage sees no webhook.* events.
grants(m: MemberActor, "read", e: Event) if
  e.workspaceId = m.workspaceId and m.can("events.read") and not m.seesAllEvents() and
  t in m.visibleEventTypes() and e.type = t;

scope_allows(key: ApiKeyActor, "read", _: Event) if key.hasScope("events:read");

# The stream is workspace-wide (other teams' changes included): a key limited to teams reads none of it.
key_limits(key: ApiKeyActor, _: Event) if key.allTeams();
