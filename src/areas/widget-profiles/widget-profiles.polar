# Widget profiles: staff configuration, all of it under widget.manage. A profile's publishable key is public, but
# the list of profiles (and so of the workspace's sites) is not: reading needs the permission too. Visitors and
# contacts get no rule here.

grants(m: MemberActor, action: String, p: WidgetProfile) if
  action in ["read", "create", "update", "delete", "rotate_key"] and
  p.workspaceId = m.workspaceId and m.can("widget.manage");

scope_allows(key: ApiKeyActor, "read", _: WidgetProfile) if key.hasScope("widget:read");
scope_allows(key: ApiKeyActor, action: String, _: WidgetProfile) if
  action != "read" and key.hasScope("widget:write");

# Profiles belong to the workspace, not a team: a team-limited key is not narrowed here.
key_limits(_: ApiKeyActor, _: WidgetProfile);
