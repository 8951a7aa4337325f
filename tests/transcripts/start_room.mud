# `% start #N`: every session begins in that room, not the world's start room.
# `sandbox play --record` writes it, so a recording replays from where it began.
% start #5

* sessions start in the named room
> look
Old Mill Lane (#5)
!Village Green
alice> say is this the lane?
tester: Alice says, "is this the lane?"
> south
Village Green (#1)
