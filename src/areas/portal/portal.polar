# Portal tabs: the portal's navigation. Reading and writing the tab configuration needs segments.manage
# ("Manage segments and portal tabs", admins and owners). Nobody else gets a rule here: contacts, visitors and
# other members see the navigation through GET /v1/portal/navigation, which asks the content types' own read
# rules (Board, Roadmap, ChangelogEntry, Article, HelpCategory) instead.

grants(m: MemberActor, action: String, t: PortalTab) if
  action in ["read", "create", "update", "delete"] and
  t.workspaceId = m.workspaceId and m.can("segments.manage");

scope_allows(key: ApiKeyActor, "read", _: PortalTab) if key.hasScope("segments:read");
scope_allows(key: ApiKeyActor, action: String, _: PortalTab) if
  action != "read" and key.hasScope("segments:write");

# Tabs belong to the workspace, not a team: a team-limited key is not narrowed here.
key_limits(_: ApiKeyActor, _: PortalTab);
