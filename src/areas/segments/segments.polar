# Segments: named sets of contacts that content is made visible to.
#
# segments.manage creates, changes and deletes segments and their members, and reads them. Content editors
# (content.manage) and feedback managers (feedback.manage) read segments too: they choose the segments a
# changelog entry, an article, a roadmap or a board is visible to. Contacts and visitors get no rule here: which
# segments a contact is in shapes what it sees, never what it can list.

grants(m: MemberActor, action: String, s: Segment) if
  action in ["read", "create", "update", "delete"] and
  s.workspaceId = m.workspaceId and m.can("segments.manage");
grants(m: MemberActor, "read", s: Segment) if
  s.workspaceId = m.workspaceId and m.can("content.manage");
grants(m: MemberActor, "read", s: Segment) if
  s.workspaceId = m.workspaceId and m.can("feedback.manage");

scope_allows(key: ApiKeyActor, "read", _: Segment) if key.hasScope("segments:read");
scope_allows(key: ApiKeyActor, action: String, _: Segment) if
  action != "read" and key.hasScope("segments:write");

# Segments belong to the workspace, not a team: a team-limited key is not narrowed here.
key_limits(_: ApiKeyActor, _: Segment);
