from sandbox.tui.mapper import MapRoom, crop, draw, layout


def rooms(*specs: MapRoom) -> dict[int, MapRoom]:
    return {r.id: r for r in specs}


def test_compass_exits_place_rooms_and_draw_links() -> None:
    world = rooms(
        MapRoom(1, "Green", "a", {"east": 2, "south": 3, "northeast": 4}),
        MapRoom(2, "Market", "a", {"west": 1}),
        MapRoom(3, "Chapel", "a", {"north": 1}),
        MapRoom(4, "Hill", "a", {"southwest": 1}),
    )
    result = layout(1, world.get)
    assert result.positions == {1: (0, 0), 2: (1, 0), 3: (0, 1), 4: (1, -1)}
    picture = draw(result)
    assert picture.lines == [
        "    [ ]",
        "   /",
        "[@]-[ ]",
        " |",
        "[ ]",
    ]
    assert picture.lines[picture.origin_row][picture.origin_col] == "@"


def test_rooms_that_do_not_fit_are_listed_not_dropped() -> None:
    world = rooms(
        MapRoom(1, "Green", "a", {"east": 2, "south": 3, "down": 9}),
        MapRoom(2, "Market", "a", {"south": 4}),
        MapRoom(3, "Chapel", "a", {"east": 5}),
        MapRoom(4, "Stall", "a", {}),  # claims (1, 1) first
        MapRoom(5, "Crypt", "a", {}),  # also east of Chapel = (1, 1): taken
        MapRoom(9, "Cellar", "a", {"up": 1}),
    )
    result = layout(1, world.get)
    off = {entry.room_id: entry.reason for entry in result.off_grid}
    assert set(off) == {5, 9}
    assert "cell taken by Stall" in off[5]
    assert off[9] == "down from Green"
    assert result.markers[1] == {"down"}


def test_other_areas_and_named_exits_are_off_grid() -> None:
    world = rooms(
        MapRoom(1, "Gate", "town", {"north": 2, "portal": 3}),
        MapRoom(2, "Road", "wilds", {}),
        MapRoom(3, "Void", "town", {}),
    )
    result = layout(1, world.get)
    assert list(result.positions) == [1]
    reasons = {e.name: e.reason for e in result.off_grid}
    assert reasons == {"Road": "north of Gate, in wilds", "Void": "'portal' from Gate"}


def test_crossing_diagonals_become_x() -> None:
    world = rooms(
        MapRoom(1, "A", "a", {"east": 2, "south": 3, "southeast": 4}),
        MapRoom(2, "B", "a", {"southwest": 3}),
        MapRoom(3, "C", "a", {}),
        MapRoom(4, "D", "a", {}),
    )
    assert draw(layout(1, world.get)).lines[1][3] == "X"


def test_crop_keeps_the_origin_in_view() -> None:
    line_of_rooms = {i: MapRoom(i, f"R{i}", "a", {"east": i + 1} if i < 30 else {}) for i in range(1, 31)}
    picture = draw(layout(15, line_of_rooms.get, radius=40))
    window = crop(picture, 20, 1)
    assert len(window.lines[0]) == 20
    assert window.lines[window.origin_row][window.origin_col] == "@"


def test_map_labels_fit_the_widget_in_terminal_cells(open_test_game) -> None:  # type: ignore[no-untyped-def]
    from sandbox.markup import visible_length
    from sandbox.tui.widgets.map_view import map_text

    game = open_test_game()
    room = game.world.start_room()
    with game.engine.turn():
        room.name = "古い水車小屋の裏庭にある小さな池"
    text = map_text(game.world, room, 20, 12)
    label = [line for line in text.plain.split("\n") if line.startswith("@ ")]
    assert label == ["@ 古い水車小屋の裏…"]
    assert all(visible_length(line) <= 20 for line in text.plain.split("\n"))
