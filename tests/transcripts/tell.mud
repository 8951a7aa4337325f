# Private messages: tell (page) anywhere, kept while someone is away; whisper in a room.
% perm alice player
% perm bob player

* a tell reaches someone in another room, and nobody else
bob> west
alice: Bob leaves west.
alice> tell bob = meet me at the mill
You tell Bob, "meet me at the mill"
bob: Alice tells you, "meet me at the mill"
tester: !meet me
alice> page Bob = also bring rope
bob: Alice tells you, "also bring rope"

* a tell to someone away waits for their next login
bob> quit
Goodbye!
alice> tell bob = the gate is open now
Bob is away; they will get your message when they next log in (1 waiting).
alice> tell bob = and hurry
(2 waiting)
bob> look
While you were away (2):
Alice told you, "the gate is open now"
Alice told you, "and hurry"
bob> look
!While you were away

* tells need a known name and some text
alice> tell nobodyhere = hi
There is no player called 'nobodyhere'.
alice> tell bob
Usage: tell <name> = <message>
alice> tell bob = [b]bold[/b]
bob: /Alice tells you, "\[b\]bold\[\/b\]"/

* a whisper is heard by one, seen by the room
alice> whisper bob = psst
You whisper to Bob, "psst"
bob: Alice whispers to you, "psst"
tester: Alice whispers something to Bob.
tester: !psst
bob> west
alice: Bob leaves west.
alice> whisper bob = are you there?
!You whisper
