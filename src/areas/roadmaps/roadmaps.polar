# Roadmaps: saved post filters shown as columns.
#
# Staff read every roadmap with content.read and write them with content.manage. Signed-in contacts read the
# roadmaps whose audience is `public` or `authenticated`, anonymous visitors (publishable key) the `public`
# ones. A roadmap's items are posts, each shown only where the post's own rule lets the reader read it.

grants(m: MemberActor, "read", r: Roadmap) if
  r.workspaceId = m.workspaceId and m.can("content.read");
grants(m: MemberActor, action: String, r: Roadmap) if
  action in ["create", "update", "delete"] and
  r.workspaceId = m.workspaceId and m.can("content.manage");

grants(me: ContactActor, "read", r: Roadmap) if
  r.workspaceId = me.workspaceId and audience_admits(me, r.audience, r);
grants(v: VisitorActor, "read", r: Roadmap) if
  r.workspaceId = v.workspaceId and r.audience = "public";


scope_allows(key: ApiKeyActor, "read", _: Roadmap) if key.hasScope("content:read");
scope_allows(key: ApiKeyActor, action: String, _: Roadmap) if
  action in ["create", "update", "delete"] and key.hasScope("content:write");
key_limits(_: ApiKeyActor, _: Roadmap);
