# Changelog entries.
#
# Staff read every entry with content.read (drafts and scheduled ones too), write with content.manage, and
# publish or schedule with content.publish. Readers outside the staff are held to an entry's effective
# audience: the narrowest of its own and its categories' (kept in `effectiveAudience` by the service, its
# grants those of `audienceSourceId`, the entry or the category that set it). Signed-in contacts read the
# published entries it admits; anonymous visitors (publishable key) the `public` ones.

grants(m: MemberActor, "read", e: ChangelogEntry) if
  e.workspaceId = m.workspaceId and m.can("content.read");
grants(m: MemberActor, action: String, e: ChangelogEntry) if
  action in ["create", "update", "delete"] and
  e.workspaceId = m.workspaceId and m.can("content.manage");
grants(m: MemberActor, "publish", e: ChangelogEntry) if
  e.workspaceId = m.workspaceId and m.can("content.publish");

grants(me: ContactActor, "read", e: ChangelogEntry) if
  e.workspaceId = me.workspaceId and e.state = "published" and audience_admits(me, e.effectiveAudience, e);
grants(v: VisitorActor, "read", e: ChangelogEntry) if
  e.workspaceId = v.workspaceId and e.state = "published" and e.effectiveAudience = "public";


scope_allows(key: ApiKeyActor, "read", _: ChangelogEntry) if key.hasScope("content:read");
scope_allows(key: ApiKeyActor, action: String, _: ChangelogEntry) if
  action in ["create", "update", "delete", "publish"] and key.hasScope("content:write");
key_limits(_: ApiKeyActor, _: ChangelogEntry);

# Changelog categories: staff read them with content.read and write them with content.manage; contacts read
# those whose audience admits them, visitors the `public` ones.
grants(m: MemberActor, "read", c: ChangelogCategory) if
  c.workspaceId = m.workspaceId and m.can("content.read");
grants(m: MemberActor, action: String, c: ChangelogCategory) if
  action in ["create", "update", "delete"] and
  c.workspaceId = m.workspaceId and m.can("content.manage");
grants(me: ContactActor, "read", c: ChangelogCategory) if
  c.workspaceId = me.workspaceId and audience_admits(me, c.audience, c);
grants(v: VisitorActor, "read", c: ChangelogCategory) if
  c.workspaceId = v.workspaceId and c.audience = "public";

scope_allows(key: ApiKeyActor, "read", _: ChangelogCategory) if key.hasScope("content:read");
scope_allows(key: ApiKeyActor, action: String, _: ChangelogCategory) if
  action in ["create", "update", "delete"] and key.hasScope("content:write");
key_limits(_: ApiKeyActor, _: ChangelogCategory);

# Changelog subscriptions: a person follows the changelog for itself (`view` its own, `create`, `delete`).
# A member may when it reads the changelog; a contact always may (it reads the published entries of its
# audience). Staff with content.read list every subscriber (`read`). A visitor, anonymous, has no inbox and
# no rule here.
grants(m: MemberActor, "read", s: ChangelogSubscription) if
  s.workspaceId = m.workspaceId and m.can("content.read");
grants(m: MemberActor, action: String, s: ChangelogSubscription) if
  action in ["view", "create", "delete"] and
  s.workspaceId = m.workspaceId and s.memberId = m.id and m.can("content.read");
grants(me: ContactActor, action: String, s: ChangelogSubscription) if
  action in ["view", "create", "delete"] and s.workspaceId = me.workspaceId and s.contactId = me.id;

scope_allows(key: ApiKeyActor, action: String, _: ChangelogSubscription) if
  action in ["read", "view"] and key.hasScope("content:read");
scope_allows(key: ApiKeyActor, action: String, _: ChangelogSubscription) if
  action in ["create", "delete"] and key.hasScope("content:write");
key_limits(_: ApiKeyActor, _: ChangelogSubscription);
