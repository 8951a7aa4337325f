// The sandbox web client: one WebSocket, HTML from the server's markup renderer.
// No eval, no inline handlers: the page's CSP allows only this file.
"use strict";
(function () {
  var $ = function (id) { return document.getElementById(id); };
  var out = $("scrollback"), input = $("input"), status = $("status");
  var MAX_LINES = 2000, history = [], at = 0, ws = null, playing = false, secret = false, roomShown = false;
  var words = {};  // Tab completion: commands typed, exits, names seen

  var verbs = ["look", "say", "emote", "ooc", "tell", "page", "whisper", "who", "help", "get", "drop",
               "inventory", "pull", "channel", "quit", "north", "south", "east", "west", "up", "down"];
  verbs.forEach(function (w) { words[w] = 1; });

  function setStatus(text) { status.textContent = text; }

  function append(html, kind) {
    var div = document.createElement("div");
    div.className = "msg k-" + (kind || "text").replace(/[^a-z0-9-]/gi, "");
    // The server rendered this from markup, with every piece of player text escaped.
    div.innerHTML = html;
    var stick = out.scrollTop + out.clientHeight >= out.scrollHeight - 40;
    out.appendChild(div);
    while (out.childElementCount > MAX_LINES) out.removeChild(out.firstElementChild);
    if (stick) out.scrollTop = out.scrollHeight;
    div.querySelectorAll("a[data-send]").forEach(function (a) { learn(a.getAttribute("data-send")); });
  }

  function echo(text) {
    var div = document.createElement("div");
    div.className = "msg echo";
    div.textContent = "> " + text;  // textContent: what was typed stays text
    out.appendChild(div);
    out.scrollTop = out.scrollHeight;
  }

  function learn(text) {
    (text || "").split(/\s+/).forEach(function (w) { if (/^[\w'-]{2,}$/.test(w)) words[w.toLowerCase()] = 1; });
  }

  function send(obj) { if (ws && ws.readyState === 1) ws.send(JSON.stringify(obj)); }

  function sendLine(text, fromUser) {
    if (secret) { send({ t: "line", text: text }); echo("••••"); return; }
    send({ t: "line", text: text });
    echo(text);
    var kept = text.replace(/\s+$/, "");
    if (fromUser && kept && history[history.length - 1] !== kept) history.push(kept);
    if (history.length > 200) history.shift();
    at = history.length;
    learn(text);
  }

  function room(info) {
    $("room-name").textContent = info.name || "";
    $("room-area").textContent = info.area ? "Area: " + info.area : "";
    var list = $("room-exits"), locked = info.locked || [];
    list.textContent = "";
    Object.keys(info.exits || {}).forEach(function (dir) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = "#"; a.textContent = dir; a.setAttribute("data-send", dir);
      li.appendChild(a);
      if (locked.indexOf(dir) >= 0) { li.className = "locked"; li.appendChild(document.createTextNode(" (locked)")); }
      else li.appendChild(document.createTextNode(" (open)"));
      list.appendChild(li);
      words[dir.toLowerCase()] = 1;
    });
  }

  // The live map: rooms placed on a grid by the direction of the exit that led there.
  var VEC = { north: [0, -1], south: [0, 1], east: [1, 0], west: [-1, 0], northeast: [1, -1],
              northwest: [-1, -1], southeast: [1, 1], southwest: [-1, 1], up: [0.5, -0.5], down: [-0.5, 0.5] };
  var places = {}, lastRoom = null, SVG = "http://www.w3.org/2000/svg";

  function place(info) {
    var num = info.num, prev = lastRoom && places[lastRoom];
    if (!places[num]) {
      var at = [0, 0];
      if (prev) {
        at = [prev.x + 2, prev.y];  // no known direction: beside the last room
        Object.keys(prev.exits).forEach(function (d) { if (prev.exits[d] === num && VEC[d]) at = [prev.x + VEC[d][0], prev.y + VEC[d][1]]; });
      }
      places[num] = { x: at[0], y: at[1] };
    }
    places[num].exits = info.exits || {};
    places[num].locked = info.locked || [];
    places[num].name = info.name;
    lastRoom = num;
    draw(num);
  }

  function draw(here) {
    var svg = $("map"), c = places[here], S = 28;
    svg.textContent = "";
    function el(name, attrs) {
      var e = document.createElementNS(SVG, name);
      Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
      svg.appendChild(e);
      return e;
    }
    Object.keys(places).forEach(function (num) {
      var p = places[num], x = (p.x - c.x) * S, y = (p.y - c.y) * S;
      if (Math.abs(x) > 110 || Math.abs(y) > 80) return;
      Object.keys(p.exits).forEach(function (d) {
        var v = VEC[d]; if (!v) return;
        el("line", { x1: x, y1: y, x2: x + v[0] * S * 0.5, y2: y + v[1] * S * 0.5, "class": p.locked.indexOf(d) >= 0 ? "locked" : "" });
      });
      var r = el("rect", { x: x - 6, y: y - 6, width: 12, height: 12, "class": +num === here ? "here" : "" });
      var t = document.createElementNS(SVG, "title"); t.textContent = p.name; r.appendChild(t);
    });
  }

  function who(list) {
    var ul = $("who-list");
    ul.textContent = "";
    list.forEach(function (p) {
      var li = document.createElement("li");
      var idle = p.idle < 60 ? p.idle + "s" : Math.floor(p.idle / 60) + "m";
      li.textContent = p.name + " · " + idle + (p.via === "web" ? " · web" : "") + (p.where ? " · " + p.where : "");
      ul.appendChild(li);
      words[String(p.name).toLowerCase()] = 1;
    });
  }

  function handle(ev) {
    switch (ev.t) {
      case "out":
        append(ev.h, ev.k);
        // For the first-paint target: when the first room after login is on screen.
        if (ev.k === "room" && playing && !roomShown) {
          roomShown = true;
          requestAnimationFrame(function () { performance.mark("room-painted"); });
        }
        break;
      case "ask":
        secret = !!ev.secret;
        input.type = secret ? "password" : "text";
        $("prompt").textContent = ev.text.replace(/:\s*$/, ":");
        append("", "ask");
        out.lastChild.textContent = ev.text;
        break;
      case "state":
        if (window.performance && performance.mark) performance.mark("login-accepted");
        playing = true; secret = false; input.type = "text"; $("prompt").textContent = ">";
        setStatus("playing as " + ev.name); document.title = ev.name + " · " + document.title;
        send({ t: "who" });
        break;
      case "oob":
        if (ev.p === "Room.Info") {
          // Walking is typing anyway: refresh the who list then, so places stay current
          // without a timer (a timed refresh would make this player never idle).
          var moved = lastRoom !== null && ev.d.num !== lastRoom;
          room(ev.d); place(ev.d);
          if (moved && playing) send({ t: "who" });
        }
        else if (ev.p === "Sandbox.Who") who(ev.d);
        break;
      case "hello":
        var sel = $("theme"), saved = localStorage.getItem("sandbox-theme");
        sel.textContent = "";
        ev.themes.forEach(function (name) { var o = document.createElement("option"); o.value = o.textContent = name; sel.appendChild(o); });
        var dark = !window.matchMedia || window.matchMedia("(prefers-color-scheme: dark)").matches;
        var contrast = window.matchMedia && window.matchMedia("(prefers-contrast: more)").matches;
        var pick = saved || (contrast && ev.themes.indexOf("high-contrast") >= 0 ? "high-contrast" :
                   (!dark && ev.themes.indexOf("light") >= 0 ? "light" : ev.theme));
        if (ev.themes.indexOf(pick) < 0) pick = ev.theme;
        sel.value = pick; theme(pick);
        break;
      case "bye": playing = false; setStatus("disconnected — reload the page to log in again"); break;
    }
  }

  function theme(name) {
    $("theme-css").setAttribute("href", "/theme/" + encodeURIComponent(name) + ".css");
    try { localStorage.setItem("sandbox-theme", name); } catch (e) { /* private mode */ }
  }

  function connect() {
    var url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws";
    ws = new WebSocket(url);
    ws.onopen = function () { setStatus("connected"); };
    ws.onmessage = function (m) {
      var evs; try { evs = JSON.parse(m.data); } catch (e) { return; }
      evs.forEach(handle);
    };
    ws.onclose = function () { setStatus("disconnected — reload the page to log in again"); playing = false; };
  }

  function complete() {
    var v = input.value, i = v.lastIndexOf(" ") + 1, stem = v.slice(i).toLowerCase();
    if (!stem) return;
    var hits = Object.keys(words).filter(function (w) { return w.indexOf(stem) === 0 && w !== stem; }).sort();
    if (hits.length === 1) input.value = v.slice(0, i) + hits[0] + " ";
    else if (hits.length > 1) {
      var p = hits[0];
      hits.forEach(function (h) { while (h.indexOf(p) !== 0) p = p.slice(0, -1); });
      input.value = v.slice(0, i) + p;
      setStatus(hits.slice(0, 8).join("  "));
    }
  }

  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter") { e.preventDefault(); sendLine(input.value, true); input.value = ""; }
    else if (e.key === "ArrowUp" && !secret) { e.preventDefault(); if (at > 0) { at--; input.value = history[at]; } }
    else if (e.key === "ArrowDown" && !secret) { e.preventDefault(); at = Math.min(history.length, at + 1); input.value = history[at] || ""; }
    else if (e.key === "Tab" && !secret && input.value) { e.preventDefault(); complete(); }
  });
  $("send").addEventListener("click", function () { sendLine(input.value, true); input.value = ""; input.focus(); });
  $("theme").addEventListener("change", function (e) { theme(e.target.value); });
  $("who-refresh").addEventListener("click", function () { if (playing) send({ t: "who" }); });
  // Links (in output and the room panel) send their command; keyboard activation works too.
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a[data-send]");
    if (!a) return;
    e.preventDefault();
    if (playing) sendLine(a.getAttribute("data-send"), true);
    input.focus();
  });
  connect();
  input.focus();
})();
