# who: idle times for everyone, and where each player is for builders.
% perm alice player

* players see names and idle times, not places
alice> who
/Online \(2\)/
/Alice\s+idle\s+\d+s/
/Tester\s+idle\s+\d+s/
!Village Green

* builders also see where each player is
alice> west
tester: Alice leaves west.
> who
/Alice\s+idle\s+\d+s\s+Riverbank \(#\d+\)/
/Tester\s+idle\s+\d+s\s+Village Green \(#\d+\)/
