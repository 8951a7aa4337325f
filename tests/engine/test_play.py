"""Player commands, movement and dispatch, through the session interface."""


def test_look_shows_room_exits_and_contents(h, alice):
    out = h.call(alice, "look")
    assert out.splitlines()[0] == "Village Green"
    assert "Exits: north, east, south, west" in out
    assert "Whiskers" in out and "notice board" in out
    assert "(#1)" not in out  # ids are for builders only


def test_builders_see_ids(h, builder):
    assert "Village Green (#1)" in h.call(builder, "l")


def test_exits_are_commands_with_aliases_and_prefixes(h, alice):
    assert h.call(alice, "east").startswith("Market Square")
    assert h.call(alice, "w").startswith("Village Green")
    assert h.call(alice, "sou").startswith("Chapel of the Ford")


def test_locked_exit_and_object_verb(h, alice):
    h.call(alice, "north")
    assert "gate is shut" in h.call(alice, "north")
    h.call(alice, "south")
    assert "Unknown command 'pull'" in h.call(alice, "pull lever")  # no lever on the green
    h.call(alice, "west")
    out = h.call(alice, "pull lever")
    assert "You pull rusty lever" in out and "gate grinds open" in out
    h.call(alice, "east")
    h.call(alice, "north")
    assert h.call(alice, "north").startswith("Old Mill")


def test_say_reaches_the_room_only_and_stays_literal(h, alice):
    bob = h.login("Bob")
    far = h.login("Far", room=h.room_named("Chapel of the Ford"))
    out = h.call(alice, "say hi [bold]there[/bold] <script>x</script>\x1b[31m")
    assert out == 'You say, "hi [bold]there[/bold] <script>x</script>[31m"'
    assert bob.take() == 'Alice says, "hi [bold]there[/bold] <script>x</script>[31m"'
    assert far.take() == ""
    # The raw message Bob got is markup in which the player's brackets are escaped.
    h.call(alice, "'[red]")
    assert "[red]" not in bob.inbox[-1].text.replace("[[red]", "")


def test_emote_shortcuts_and_who(h, alice):
    bob = h.login("Bob")
    assert h.call(alice, ":waves.") == "Alice waves."
    assert bob.take() == "Alice waves."
    out = h.call(alice, "who")
    assert "Online (2)" in out and "Bob" in out


def test_movement_is_announced(h, alice):
    bob = h.login("Bob")
    h.call(alice, "east")
    assert "Alice leaves east." in bob.take()
    h.call(alice, "west")
    assert "Alice arrives." in bob.take()


def test_items_get_drop_give(h, alice):
    bob = h.login("Bob")
    h.call(alice, "west")
    h.call(bob, "west")
    assert h.call(alice, "get bucket") == "You pick up wooden bucket."
    assert "Alice picks up wooden bucket." in bob.take()
    assert "wooden bucket" in h.call(alice, "i")
    assert "can't take" in h.call(alice, "get lever")
    assert h.call(alice, "give bucket to bob") == "You give wooden bucket to Bob."
    assert "Alice gives you wooden bucket." in bob.take()
    assert h.call(bob, "drop bucket") == "You drop wooden bucket."
    assert h.call(alice, "i") == "You are carrying nothing."


def test_ordinal_targets(h, builder):
    h.call(builder, "create sword")
    h.call(builder, "create sword")
    swords = [o for o in h.world.contents(builder.char) if o.name == "sword"]
    out = h.call(builder, "look 2.sword")
    assert out.startswith("sword")
    assert "Which 'sword'?" in h.call(builder, "drop sword")
    assert h.call(builder, "drop 2.sword") == "You drop sword."
    assert h.world.get(swords[1].id).location == builder.char.location


def test_unknown_commands_suggest(h, alice):
    assert h.call(alice, "lok") == "Unknown command 'lok'. Did you mean look?"
    assert "Type help for a list" in h.call(alice, "xyzzy")
    # 'e' is the east exit's alias: an exact exit name wins over the emote/examine prefixes.
    assert h.call(alice, "e").startswith("Market Square")


def test_ambiguous_prefix_lists_options(h, alice):
    assert h.call(alice, "dr") == "Drop what?"  # a unique prefix runs its command
    out = h.call(alice, "g")
    assert "could mean: get, give" in out


def test_help_lists_and_explains(h, alice, builder):
    listing = h.call(alice, "help")
    assert "look" in listing and "dig" not in listing  # players don't see builder verbs
    assert "dig" in h.call(builder, "help")
    page = h.call(alice, "help say")
    assert page.startswith("say (also: ')") and "Usage: say <message>" in page


def test_builder_commands_refuse_players(h, alice):
    out = h.call(alice, "dig Vault")
    assert out == "'dig' is a builder command; you are a player."
    assert not any(o.name == "Vault" for o in h.world.objects.values())


def test_quit_closes_the_session(h, alice):
    assert "Goodbye" in h.call(alice, "quit")
    assert alice.closed


def test_control_characters_never_reach_output(h, alice):
    bob = h.login("Bob")
    h.call(alice, "say a\x00b\x07c\x9bd\x1b]0;pwned\x07")
    for message in bob.inbox:
        assert not any(ord(c) < 32 and c not in "\n\t" or 0x7F <= ord(c) <= 0x9F for c in message.text)


def test_help_says_where_syntax_differs_from_evennia(h, builder):
    assert "Evennia asks for confirmation instead" in h.call(builder, "help destroy")
    assert "Evennia: values are Python literals there" in h.call(builder, "help set")


def test_bidi_overrides_cannot_reorder_what_others_see(h, alice):
    bob = h.login("Bob")
    h.call(alice, "say \u202eBob says: I am an admin\u202c \u2067x\u2069 family \U0001F468\u200d\U0001F469")
    said = bob.take()
    assert not any(c in said for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    assert "\u200d" in said  # the emoji's zero-width joiner survives
