# Feedback: boards, post statuses, tags, posts and votes.
#
# Staff read everything with feedback.read and change it with feedback.manage; deleting, restoring and
# merging posts needs feedback.moderate. Contacts (portal sessions) see the boards open to them (audience
# `public` or `authenticated`, `view` access `anyone` or `contacts`), the approved posts of those boards
# and their own pending ones, and post, vote and comment where the board's access allows contacts.
# On a one-way board a contact or visitor sees only its own posts; staff see every post. A pending, rejected
# or spam post is seen only by its author and staff.

# ---------------------------------------------------------------------------------------------- boards

grants(m: MemberActor, "read", b: Board) if
  b.workspaceId = m.workspaceId and m.can("feedback.read");
grants(m: MemberActor, action: String, b: Board) if
  action in ["create", "update", "delete", "post"] and
  b.workspaceId = m.workspaceId and m.can("feedback.manage");

grants(me: ContactActor, "read", b: Board) if
  b.workspaceId = me.workspaceId and contact_sees_board(me, b);
grants(me: ContactActor, "post", b: Board) if
  b.workspaceId = me.workspaceId and contact_sees_board(me, b) and open_to_contacts(b.postAccess);

# A board's audience (base.polar's audience_admits: public, authenticated, its segments or organisations)
# and its view access admit the contact.
contact_sees_board(me: ContactActor, b: Board) if
  audience_admits(me, b.audience, b) and open_to_contacts(b.viewAccess);

# The same for the board of a post or comment `x`, through its `boardAudienceGrants` (one hop).
contact_sees_board_of(me: ContactActor, x) if
  board_audience_admits(me, x.board.audience, x) and open_to_contacts(x.board.viewAccess);
board_audience_admits(_: ContactActor, "public", _);
board_audience_admits(_: ContactActor, "authenticated", _);
board_audience_admits(c: ContactActor, "segments", x) if
  s in c.segmentIds and g in x.boardAudienceGrants and g.segmentId = s;
board_audience_admits(c: ContactActor, "organizations", x) if
  c.organizationId != nil and g in x.boardAudienceGrants and g.organizationId = c.organizationId;

# The access levels that admit a signed-in contact.
open_to_contacts("anyone");
open_to_contacts("contacts");

scope_allows(key: ApiKeyActor, "read", _: Board) if key.hasScope("feedback:read");
scope_allows(key: ApiKeyActor, action: String, _: Board) if
  action != "read" and key.hasScope("feedback:write");
key_limits(_: ApiKeyActor, _: Board);

# -------------------------------------------------------------------------------------- statuses, tags

grants(m: MemberActor, "read", s: PostStatus) if
  s.workspaceId = m.workspaceId and m.can("feedback.read");
grants(m: MemberActor, action: String, s: PostStatus) if
  action in ["create", "update", "delete"] and
  s.workspaceId = m.workspaceId and m.can("feedback.manage");
grants(me: ContactActor, "read", s: PostStatus) if s.workspaceId = me.workspaceId;

scope_allows(key: ApiKeyActor, "read", _: PostStatus) if key.hasScope("feedback:read");
scope_allows(key: ApiKeyActor, action: String, _: PostStatus) if
  action != "read" and key.hasScope("feedback:write");
key_limits(_: ApiKeyActor, _: PostStatus);

grants(m: MemberActor, "read", t: Tag) if
  t.workspaceId = m.workspaceId and m.can("feedback.read");
grants(m: MemberActor, action: String, t: Tag) if
  action in ["create", "update", "delete"] and
  t.workspaceId = m.workspaceId and m.can("feedback.manage");
grants(me: ContactActor, "read", t: Tag) if t.workspaceId = me.workspaceId;

scope_allows(key: ApiKeyActor, "read", _: Tag) if key.hasScope("feedback:read");
scope_allows(key: ApiKeyActor, action: String, _: Tag) if
  action != "read" and key.hasScope("feedback:write");
key_limits(_: ApiKeyActor, _: Tag);

# ----------------------------------------------------------------------------------------------- posts

grants(m: MemberActor, "read", p: Post) if
  p.workspaceId = m.workspaceId and m.can("feedback.read");
grants(m: MemberActor, action: String, p: Post) if
  action in ["update", "vote", "comment", "respond"] and
  p.workspaceId = m.workspaceId and m.can("feedback.manage");
grants(m: MemberActor, action: String, p: Post) if
  action in ["delete", "restore", "merge", "moderate"] and
  p.workspaceId = m.workspaceId and m.can("feedback.moderate");

# A contact reads the approved posts of the boards it sees (not on one-way boards), and its own posts there
# whatever their moderation.
grants(me: ContactActor, "read", p: Post) if
  p.workspaceId = me.workspaceId and p.moderation = "approved" and contact_sees_board_of(me, p) and
  p.board.oneWay = false;
grants(me: ContactActor, "read", p: Post) if
  p.workspaceId = me.workspaceId and p.authorContactId = me.id and contact_sees_board_of(me, p);
# Its author changes and deletes its own post.
grants(me: ContactActor, action: String, p: Post) if
  action in ["update", "delete"] and
  p.workspaceId = me.workspaceId and p.authorContactId = me.id;
# It votes where the board lets contacts vote.
grants(me: ContactActor, "vote", p: Post) if
  p.workspaceId = me.workspaceId and p.moderation = "approved" and
  contact_sees_board_of(me, p) and open_to_contacts(p.board.voteAccess);

# It comments where the board lets contacts comment.
grants(me: ContactActor, "comment", p: Post) if
  p.workspaceId = me.workspaceId and p.moderation = "approved" and
  contact_sees_board_of(me, p) and open_to_contacts(p.board.commentAccess);

# Edit history (`history`): staff who read feedback, and the post's author.
grants(m: MemberActor, "history", p: Post) if
  p.workspaceId = m.workspaceId and m.can("feedback.read");
grants(me: ContactActor, "history", p: Post) if
  p.workspaceId = me.workspaceId and p.authorContactId = me.id;

scope_allows(key: ApiKeyActor, "read", _: Post) if key.hasScope("feedback:read");
scope_allows(key: ApiKeyActor, "history", _: Post) if key.hasScope("feedback:read");
scope_allows(key: ApiKeyActor, action: String, _: Post) if
  action != "read" and key.hasScope("feedback:write");
key_limits(_: ApiKeyActor, _: Post);

# ----------------------------------------------------------------------------------------------- votes

# Staff see every voter; a contact or a visitor sees its own votes.
grants(m: MemberActor, "read", v: Vote) if
  v.workspaceId = m.workspaceId and m.can("feedback.read");
grants(me: ContactActor, "read", v: Vote) if
  v.workspaceId = me.workspaceId and v.contactId = me.id;
grants(me: VisitorActor, "read", v: Vote) if
  v.workspaceId = me.workspaceId and me.visitorId != "" and v.visitorId = me.visitorId;

scope_allows(key: ApiKeyActor, "read", _: Vote) if key.hasScope("feedback:read");
key_limits(_: ApiKeyActor, _: Vote);

# -------------------------------------------------------------------------------------------- comments

# Staff read every comment, private ones too, and change their own; moderators delete any. A contact reads
# the public comments of the boards it sees (services also require the post to be readable) and changes its
# own. A private comment is never a contact's, by any rule.
grants(m: MemberActor, "read", c: Comment) if
  c.workspaceId = m.workspaceId and m.can("feedback.read");
grants(m: MemberActor, action: String, c: Comment) if
  action in ["update", "delete"] and
  c.workspaceId = m.workspaceId and c.authorMemberId = m.id and m.can("feedback.read");
grants(m: MemberActor, "delete", c: Comment) if
  c.workspaceId = m.workspaceId and m.can("feedback.moderate");

grants(me: ContactActor, "read", c: Comment) if
  c.workspaceId = me.workspaceId and c.visibility = "public" and contact_sees_board_of(me, c);
grants(me: ContactActor, action: String, c: Comment) if
  action in ["update", "delete"] and
  c.workspaceId = me.workspaceId and c.visibility = "public" and c.authorContactId = me.id;

# Reactions: whoever reads a comment reacts to it (members and contacts; a visitor only reads). Edit
# history: staff who read feedback, and the comment's author.
grants(m: MemberActor, "react", c: Comment) if
  c.workspaceId = m.workspaceId and m.can("feedback.read");
grants(me: ContactActor, "react", c: Comment) if
  c.workspaceId = me.workspaceId and c.visibility = "public" and contact_sees_board_of(me, c);
grants(m: MemberActor, "history", c: Comment) if
  c.workspaceId = m.workspaceId and m.can("feedback.read");
grants(me: ContactActor, "history", c: Comment) if
  c.workspaceId = me.workspaceId and c.visibility = "public" and c.authorContactId = me.id;

scope_allows(key: ApiKeyActor, "read", _: Comment) if key.hasScope("feedback:read");
scope_allows(key: ApiKeyActor, "history", _: Comment) if key.hasScope("feedback:read");
scope_allows(key: ApiKeyActor, action: String, _: Comment) if
  action != "read" and key.hasScope("feedback:write");
key_limits(_: ApiKeyActor, _: Comment);

# ------------------------------------------------------------------------------------- anonymous visitors

# An anonymous visitor (a widget profile's publishable key) reads what the public may read: the boards whose
# audience is `public` and whose view access is `anyone`, their approved posts (not on one-way boards) and
# public comments, and the workspace's statuses and tags; and its own posts there (its client names it with
# `Loopdesk-Visitor-Id`), whatever their moderation. It posts, votes and comments where the board's access
# is `anyone` AND the workspace's feedback settings switch that anonymous action on (`settings`: the
# workspace's `feedback_settings` row, none or one; without one every switch is off).
grants(v: VisitorActor, "read", b: Board) if
  b.workspaceId = v.workspaceId and open_to_public(b);
grants(v: VisitorActor, "post", b: Board) if
  b.workspaceId = v.workspaceId and open_to_public(b) and b.postAccess = "anyone" and
  s in b.settings and s.anonymousPosting = true;
grants(v: VisitorActor, "read", s: PostStatus) if s.workspaceId = v.workspaceId;
grants(v: VisitorActor, "read", t: Tag) if t.workspaceId = v.workspaceId;
grants(v: VisitorActor, "read", p: Post) if
  p.workspaceId = v.workspaceId and p.moderation = "approved" and open_to_public(p.board) and
  p.board.oneWay = false;
grants(v: VisitorActor, "read", p: Post) if
  p.workspaceId = v.workspaceId and v.visitorId != "" and p.authorVisitorId = v.visitorId and
  open_to_public(p.board);
grants(v: VisitorActor, "vote", p: Post) if
  p.workspaceId = v.workspaceId and p.moderation = "approved" and open_to_public(p.board) and
  p.board.voteAccess = "anyone" and s in p.settings and s.anonymousVoting = true;
grants(v: VisitorActor, "comment", p: Post) if
  p.workspaceId = v.workspaceId and p.moderation = "approved" and open_to_public(p.board) and
  p.board.commentAccess = "anyone" and s in p.settings and s.anonymousCommenting = true;
grants(v: VisitorActor, "read", c: Comment) if
  c.workspaceId = v.workspaceId and c.visibility = "public" and open_to_public(c.board);

open_to_public(b: Board) if b.audience = "public" and b.viewAccess = "anyone";

# ----------------------------------------------------------------------------------- settings, moderation

# Staff read the workspace's feedback settings with feedback.read and change them with feedback.manage.
grants(m: MemberActor, "read", s: FeedbackSettings) if
  s.workspaceId = m.workspaceId and m.can("feedback.read");
grants(m: MemberActor, "update", s: FeedbackSettings) if
  s.workspaceId = m.workspaceId and m.can("feedback.manage");

scope_allows(key: ApiKeyActor, "read", _: FeedbackSettings) if key.hasScope("feedback:read");
scope_allows(key: ApiKeyActor, "update", _: FeedbackSettings) if key.hasScope("feedback:write");
key_limits(_: ApiKeyActor, _: FeedbackSettings);

# ------------------------------------------------------------------------------------- subscriptions

# Whoever may read a post may follow it: the services read the post through its read rule first, so these
# rules only say who has an inbox to be told in. Staff (feedback.read) and contacts do; a visitor, anonymous,
# does not. Staff list a post's subscribers.
grants(m: MemberActor, "subscribe", p: Post) if
  p.workspaceId = m.workspaceId and m.can("feedback.read");
grants(me: ContactActor, "subscribe", p: Post) if p.workspaceId = me.workspaceId;

grants(m: MemberActor, "read", s: PostSubscription) if
  s.workspaceId = m.workspaceId and m.can("feedback.read");

scope_allows(key: ApiKeyActor, "read", _: PostSubscription) if key.hasScope("feedback:read");
key_limits(_: ApiKeyActor, _: PostSubscription);
