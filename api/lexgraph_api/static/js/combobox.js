/* Type-ahead for LexGraph's provision inputs (input[data-suggest]): the ARIA 1.2 combobox pattern with a listbox
   popup, fed by the service's /suggest route (ids, numbers such as "Art 5(1)(c)", and words in any language).
   Keys: Down/Up move through the suggestions, Enter picks one (or submits the form when none is active), Escape
   closes the list (a second Escape clears the input), Tab leaves. data-suggest="navigate" opens the picked
   provision's page; "fill" puts its id into the input. Without this script the forms work as plain GET forms. */
(function () {
  "use strict";

  var DELAY_MS = 200;
  var MIN_LENGTH = 2;
  var MAX_LENGTH = 200;
  var LIMIT = 8;

  function Combobox(input) {
    this.input = input;
    this.mode = input.getAttribute("data-suggest");
    this.items = [];
    this.active = -1;
    this.timer = null;
    this.controller = null;
    this.sequence = 0;

    var label = input.labels && input.labels.length ? input.labels[0].textContent.trim() : "Suggestions";
    this.listbox = document.createElement("ul");
    this.listbox.id = input.id + "-listbox";
    this.listbox.className = "listbox";
    this.listbox.setAttribute("role", "listbox");
    this.listbox.setAttribute("aria-label", label + ": suggestions");
    this.listbox.hidden = true;
    this.status = document.createElement("p");
    this.status.className = "visually-hidden";
    this.status.setAttribute("role", "status");
    input.insertAdjacentElement("afterend", this.listbox);
    this.listbox.insertAdjacentElement("afterend", this.status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", this.listbox.id);
    input.setAttribute("autocomplete", "off");

    input.addEventListener("input", this.onInput.bind(this));
    input.addEventListener("keydown", this.onKeydown.bind(this));
    input.addEventListener("blur", this.close.bind(this));
    // Keep the focus in the input while an option is clicked, so blur does not close the list first.
    this.listbox.addEventListener("mousedown", function (event) { event.preventDefault(); });
    this.listbox.addEventListener("click", this.onClick.bind(this));
  }

  Combobox.prototype.onInput = function () {
    var self = this;
    window.clearTimeout(this.timer);
    var query = this.input.value.trim();
    if (query.length < MIN_LENGTH || query.length > MAX_LENGTH) {
      this.abort();
      this.close();
      return;
    }
    this.timer = window.setTimeout(function () { self.fetch(query); }, DELAY_MS);
  };

  Combobox.prototype.abort = function () {
    if (this.controller) {
      this.controller.abort();
      this.controller = null;
    }
  };

  Combobox.prototype.fetch = function (query) {
    var self = this;
    var sequence = ++this.sequence;
    this.abort();
    this.controller = new AbortController();
    var url = "/suggest?limit=" + LIMIT + "&q=" + encodeURIComponent(query);
    fetch(url, { headers: { Accept: "application/json" }, signal: this.controller.signal })
      .then(function (response) { return response.ok ? response.json() : { items: [] }; })
      .then(function (body) {
        if (sequence === self.sequence && self.input.value.trim() === query) {
          self.show(body.items || []);
        }
      })
      .catch(function (error) {
        if (error.name !== "AbortError") {
          self.close();
        }
      });
  };

  Combobox.prototype.show = function (items) {
    this.items = items;
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    this.listbox.textContent = "";
    var self = this;
    items.forEach(function (item, index) {
      var option = document.createElement("li");
      option.id = self.listbox.id + "-" + index;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.dataset.index = String(index);
      var label = document.createElement("span");
      label.textContent = item.label || item.id;
      if (item.labelLang && item.labelLang !== "en") {
        label.lang = item.labelLang;
      }
      var id = document.createElement("span");
      id.className = "option-id";
      id.textContent = item.id;
      option.appendChild(label);
      option.appendChild(id);
      if (item.text && item.match !== "id" && item.match !== "id prefix" && item.match !== "number") {
        var text = document.createElement("span");
        text.className = "option-text";
        text.textContent = item.text.length > 90 ? item.text.slice(0, 89) + "…" : item.text;
        if (item.textLang && item.textLang !== "en") {
          text.lang = item.textLang;
        }
        option.appendChild(text);
      }
      self.listbox.appendChild(option);
    });
    if (!items.length) {
      var empty = document.createElement("li");
      empty.className = "empty";
      empty.setAttribute("role", "presentation");
      empty.textContent = "No match; press Enter to search all texts.";
      this.listbox.appendChild(empty);
    }
    this.listbox.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
    this.status.textContent = items.length === 1 ? "1 suggestion" : items.length + " suggestions";
  };

  Combobox.prototype.close = function () {
    window.clearTimeout(this.timer);
    this.listbox.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
    this.active = -1;
  };

  Combobox.prototype.isOpen = function () {
    return !this.listbox.hidden && this.items.length > 0;
  };

  Combobox.prototype.move = function (step) {
    if (!this.isOpen()) {
      return;
    }
    var count = this.items.length;
    this.active = this.active < 0 ? (step > 0 ? 0 : count - 1) : (this.active + step + count) % count;
    var options = this.listbox.querySelectorAll("[role=option]");
    for (var i = 0; i < options.length; i++) {
      options[i].setAttribute("aria-selected", i === this.active ? "true" : "false");
    }
    var current = options[this.active];
    this.input.setAttribute("aria-activedescendant", current.id);
    current.scrollIntoView({ block: "nearest" });
  };

  Combobox.prototype.choose = function (index) {
    var item = this.items[index];
    if (!item) {
      return;
    }
    this.close();
    if (this.mode === "navigate") {
      window.location.assign(item.href);
    } else {
      this.input.value = item.id;
      this.status.textContent = "Chosen: " + (item.label || item.id);
    }
  };

  Combobox.prototype.onKeydown = function (event) {
    switch (event.key) {
      case "ArrowDown":
        if (!this.isOpen() && this.input.value.trim().length >= MIN_LENGTH) {
          this.fetch(this.input.value.trim());
        }
        this.move(1);
        event.preventDefault();
        break;
      case "ArrowUp":
        this.move(-1);
        event.preventDefault();
        break;
      case "Enter":
        if (this.isOpen() && this.active >= 0) {
          event.preventDefault();
          this.choose(this.active);
        } else {
          this.close();
        }
        break;
      case "Escape":
        if (!this.listbox.hidden) {
          this.close();
        } else {
          this.input.value = "";
        }
        event.preventDefault();
        break;
      case "Tab":
        this.close();
        break;
      default:
        break;
    }
  };

  Combobox.prototype.onClick = function (event) {
    var option = event.target.closest("[role=option]");
    if (option) {
      this.choose(Number(option.dataset.index));
    }
  };

  document.querySelectorAll("input[data-suggest]").forEach(function (input) {
    if (input.id) {
      new Combobox(input);
    }
  });
})();
