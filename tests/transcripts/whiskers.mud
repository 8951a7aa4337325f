# Whiskers the cat wanders every 20 seconds (attrs.behaviours = {"wander": 20}).
# The seed fixes its random choices, so where it goes replays exactly. Needs {wait}:
# not runnable over telnet (time control), and reported as such there.
% seed 0

* Whiskers starts on the green and wanders off
> look
Here: Whiskers
{wait 19s}
{nothing}
{wait 1s}
Whiskers leaves south.
> look
!Whiskers

* Whiskers comes back and goes again
{wait 40s}
{count=1} Whiskers leaves
{count=1} Whiskers arrives.
> look
Here: Whiskers
{wait 20s}
Whiskers leaves east.

* a builder watching from the chapel sees the cat arrive
> south
Chapel of the Ford
{wait 20s}
Whiskers arrives.
> look
Here: Whiskers
