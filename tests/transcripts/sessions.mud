# Several sessions in one world: says, emotes and movement seen by others.
% perm alice player
% perm bob player

* says are heard by everyone in the room
alice> say hello, everyone
You say, "hello, everyone"
bob: Alice says, "hello, everyone"
tester: Alice says, "hello, everyone"
alice: !Alice says
alice> :waves
Alice waves
bob: Alice waves

* people see others leave and arrive
bob> west
Riverbank
alice: Bob leaves west.
tester: Bob leaves west.
bob> say anyone here?
alice: !anyone here?
alice> west
Here: Bob
bob: Alice arrives.
bob> say there you are
alice: Bob says, "there you are"
tester: !there you are

* who lists everyone connected
alice> look
bob> who
/Online \(3\)/
Alice
Bob
Tester

* player text cannot inject markup
alice> say [error]fake[/error] \x1b[31m
bob: /Alice says, "\[error\]fake\[\/error\]/

* a session named only in checks is there from the start
# carol never types: `carol:` alone connects her when the test starts.
dan> say is anyone about?
carol: Dan says, "is anyone about?"
tester: Dan says, "is anyone about?"
