# Channels: ooc for everyone, new channels to create, join and leave, history kept.
% perm alice player
% perm bob player

* everyone is on ooc from the start
alice> ooc hello, all
[ooc] Alice: hello, all
bob: [ooc] Alice: hello, all
tester: [ooc] Alice: hello, all
bob> channel
/\* ooc\s+Out-of-character talk/

* a new channel reaches only its members
alice> channel/create crafting = Makers and menders
You create [crafting] and join it.
bob> channel crafting = hi?
You are not on [crafting]
bob> channel/join crafting
You join [crafting].
bob> channel crafting = anyone selling rope?
[crafting] Bob: anyone selling rope?
alice: [crafting] Bob: anyone selling rope?
tester: !rope
alice> channel/who crafting
/online \(2\): Alice, Bob/
alice> channel
/\* crafting\s+Makers and menders/
bob> channel/destroy crafting
Only its creator or a builder can destroy [crafting]
alice> channel/destroy ooc
never the default one
alice> channel/destroy crafting
You destroy [crafting]; its history is gone.
bob> channel crafting = still there?
There is no channel called 'crafting'.

* leaving a channel stops its messages
bob> channel/leave ooc
You leave [ooc].
alice> ooc still there?
bob: !still there?
tester: [ooc] Alice: still there?
bob> ooc me too
You are not on [ooc]
bob> channel/join ooc
You join [ooc].

* history keeps the last 50 lines, oldest first
alice> ooc one
bob: [ooc] Alice: one
alice> ooc two
# Over telnet bob's copy of the line must be read here, or it can arrive as if it were
# the answer to his next command.
bob: [ooc] Alice: two
bob> channel/history ooc 2
/Last 2 on ooc[\s\S]*Alice: one\n.*Alice: two/
bob> channel/history ooc
Alice: one

* channel names and text stay literal
alice> ooc [error]fake[/error] \x1b[31m
bob: /\[ooc\] Alice: \[error\]fake\[\/error\]/
alice> channel/create [bad]
Channel names are 2 to 20 letters
alice> channel/create ooc
[ooc] already exists.
alice> channel/history nothere
There is no channel called 'nothere'.
