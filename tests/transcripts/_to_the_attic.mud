# A fragment (names starting with _ are not collected): walk from the green to the attic.
> east
Market Square
> north
The Crooked Lantern
> up
