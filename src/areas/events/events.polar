# Events: the workspace's outbox, read as a list and as the change feed. Members with events.read see
# every event of their workspace.

grants(m: MemberActor, "read", e: Event) if
  e.workspaceId = m.workspaceId and m.can("events.read");

scope_allows(key: ApiKeyActor, "read", _: Event) if key.hasScope("events:read");

# The stream is workspace-wide (other teams' changes included): a key limited to teams reads none of it.
key_limits(key: ApiKeyActor, _: Event) if key.allTeams();
