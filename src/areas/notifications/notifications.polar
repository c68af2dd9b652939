# Notifications: a member reads and marks only their own (an API key: its member's), with notifications.manage.

grants(m: MemberActor, action: String, n: Notification) if
  action in ["read", "update"] and
  n.workspaceId = m.workspaceId and n.memberId = m.id and m.can("notifications.manage");

scope_allows(key: ApiKeyActor, "read", _: Notification) if key.hasScope("notifications:read");
scope_allows(key: ApiKeyActor, "update", _: Notification) if key.hasScope("notifications:write");

# A key's team limits narrow shared work; its member's own notifications are not team work.
key_limits(_: ApiKeyActor, _: Notification);
