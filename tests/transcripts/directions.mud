# Walking into a wall: in a room without exits every direction word, long or short,
# answers "You can't go that way." for players and builders alike. None of them is
# ever taken as the prefix of another command (`n` is not `name`, `e` not `emote` or
# `examine`, `d` not `dig`/`desc`/`destroy`).
% perm pat player

* every direction is a wall in a room without exits
> dig Sealed Cell
/Dug Sealed Cell \(#\d+\)/
> tel pat = Sealed Cell
pat: Sealed Cell
> tel Sealed Cell
/^There are no obvious exits\.$/
> north
{count=1} You can't go that way.
pat> north
{count=1} You can't go that way.
> n
{count=1} You can't go that way.
pat> n
{count=1} You can't go that way.
> south
{count=1} You can't go that way.
pat> south
{count=1} You can't go that way.
> s
{count=1} You can't go that way.
pat> s
{count=1} You can't go that way.
> east
{count=1} You can't go that way.
pat> east
{count=1} You can't go that way.
> e
{count=1} You can't go that way.
pat> e
{count=1} You can't go that way.
> west
{count=1} You can't go that way.
pat> west
{count=1} You can't go that way.
> w
{count=1} You can't go that way.
pat> w
{count=1} You can't go that way.
> northeast
{count=1} You can't go that way.
pat> northeast
{count=1} You can't go that way.
> ne
{count=1} You can't go that way.
pat> ne
{count=1} You can't go that way.
> northwest
{count=1} You can't go that way.
pat> northwest
{count=1} You can't go that way.
> nw
{count=1} You can't go that way.
pat> nw
{count=1} You can't go that way.
> southeast
{count=1} You can't go that way.
pat> southeast
{count=1} You can't go that way.
> se
{count=1} You can't go that way.
pat> se
{count=1} You can't go that way.
> southwest
{count=1} You can't go that way.
pat> southwest
{count=1} You can't go that way.
> sw
{count=1} You can't go that way.
pat> sw
{count=1} You can't go that way.
> up
{count=1} You can't go that way.
pat> up
{count=1} You can't go that way.
> u
{count=1} You can't go that way.
pat> u
{count=1} You can't go that way.
> down
{count=1} You can't go that way.
pat> down
{count=1} You can't go that way.
> d
{count=1} You can't go that way.
pat> d
{count=1} You can't go that way.
> in
{count=1} You can't go that way.
pat> in
{count=1} You can't go that way.
> out
{count=1} You can't go that way.
pat> out
{count=1} You can't go that way.
# The same words in upper case are the same words.
> NORTH
You can't go that way.
pat> Sw
You can't go that way.
# A room can say it its own way (err_no_exit, markup allowed).
> set here/err_no_exit = [error]Solid stone, every way you turn.[/error]
pat> up
Solid stone, every way you turn.
!You can't go that way.
> destroy here
Destroyed Sealed Cell

* a direction with no exit in a room that has other exits is a wall too
> northeast
You can't go that way.
> d
You can't go that way.
> sou
Chapel of the Ford
> north
Village Green
