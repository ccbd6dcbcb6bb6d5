// Example signup form. It shapes itself from GET /v1/markets/{code}/form when the
// billing country changes (fields, order, labels, required marks, regions, the
// postal code's pattern and example), fills in the city and region from the postal
// code where GET /v1/markets/{code}/postal-codes/{code} can look it up, and checks
// the whole company step with one call to POST /v1/checks/account-setup. Hints shown while typing never replace
// the server's answer. Plain script, no build step; values go to the API only.
"use strict";

const API = "/v1";
const ADDRESS = "billing_address";
const UI = {
  en: {
    title: "Tell us about your company",
    intro: "We check these details before your order, so that it is not declined later.",
    docs: "How this form works (for developers)",
    example_prefix: "e.g. {example}",
    market: "Country or region",
    company_phone: "Company phone",
    phone_hint: "Digits only, without the country code (+{code}): at most {max}.",
    phone_example: " For example {example}.",
    tax_id_hint: "For example {example}. Spaces are fine.",
    tax_id_hint_prefixed: "For example {example}. Spaces and the country prefix ({prefix}) are fine.",
    tax_id_others: " Also accepted: {others}.",
    billing_address: "Billing address (as on your card statement)",
    legal_entity_address: "Company legal address (from the previous step)",
    country: "Country",
    line1: "Street address",
    city: "City",
    region: "State or province",
    postal_code: "Postal code",
    postal_hint: "For example {example}.",
    choose: "Choose…",
    territory: "This postal code is in {name}, a market of its own: choose {name} as the country.",
    required_note: "Required",
    summary_title: "Some fields need correcting",
    summary_title_warned: "Read these before you go on",
    summary_hint: "Each link takes you to its field.",
    check: "Check",
    use: "Use {value}",
    checking: "Checking…",
    valid: "Everything checks out.",
    valid_warned: "No errors, but read the warnings before you go on.",
    places: "Several places share this postal code: choose yours.",
    invalid: "Correct the fields listed above.",
    failed: "The check could not be run: {detail}",
  },
  fr: {
    title: "Parlez-nous de votre entreprise",
    intro: "Nous vérifions ces informations avant votre commande, pour qu'elle ne soit pas refusée ensuite.",
    docs: "Fonctionnement de ce formulaire (pour les développeurs)",
    example_prefix: "ex. {example}",
    market: "Pays ou région",
    company_phone: "Téléphone de l'entreprise",
    phone_hint: "Chiffres uniquement, sans l'indicatif pays (+{code}) : {max} au plus.",
    phone_example: " Par exemple {example}.",
    tax_id_hint: "Par exemple {example}. Les espaces sont acceptés.",
    tax_id_hint_prefixed: "Par exemple {example}. Les espaces et le préfixe du pays ({prefix}) sont acceptés.",
    tax_id_others: " Aussi acceptés : {others}.",
    billing_address: "Adresse de facturation (celle de votre relevé de carte)",
    legal_entity_address: "Adresse légale de l'entreprise (étape précédente)",
    country: "Pays",
    line1: "Adresse",
    city: "Ville",
    region: "État ou province",
    postal_code: "Code postal",
    postal_hint: "Par exemple {example}.",
    choose: "Choisir…",
    territory: "Ce code postal se trouve à {name}, un marché distinct : choisissez {name} comme pays.",
    required_note: "Obligatoire",
    summary_title: "Certains champs sont à corriger",
    summary_title_warned: "À lire avant de continuer",
    summary_hint: "Chaque lien mène à son champ.",
    check: "Vérifier",
    use: "Utiliser {value}",
    checking: "Vérification…",
    valid: "Tout est correct.",
    valid_warned: "Aucune erreur, mais lisez les avertissements avant de continuer.",
    places: "Plusieurs localités partagent ce code postal : choisissez la vôtre.",
    invalid: "Corrigez les champs listés ci-dessus.",
    failed: "La vérification n'a pas pu être faite : {detail}",
  },
};

const state = {
  lang: "en", inFlight: null, checked: false, timer: null, forms: new Map(), form: null,
  lookups: new Map(), lookupTimer: null,
  billingChosen: false, // the billing country follows the market until the person picks one
  legalChosen: false, // so does the legal address's
};
// The market a form starts with, in the page's language.
const DEFAULT_MARKET = { en: "US", fr: "FR" };
const $ = (id) => document.getElementById(id);
const text = (key, params = {}) =>
  UI[state.lang][key].replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ""));

function value(id) {
  const element = $(id);
  const trimmed = element && !element.closest("[hidden]") ? element.value.trim() : "";
  return trimmed === "" ? null : trimmed;
}

function address(prefix) {
  return {
    country: value(`${prefix}.country`) ?? "",
    region: value(`${prefix}.region`),
    city: value(`${prefix}.city`),
    postal_code: value(`${prefix}.postal_code`),
    line1: value(`${prefix}.line1`),
    line2: value(`${prefix}.line2`),
  };
}

function body() {
  const legal = address("legal_entity_address");
  return {
    market: value("market") ?? "",
    company_phone: $("company_phone").value,
    company_tax_id: value("company_tax_id"),
    billing_address: address(ADDRESS),
    card_address: null,
    legal_entity_address: legal.line1 ? legal : null,
  };
}

// ------------------------------------------------------------------ the form's shape

async function loadForm(code) {
  const key = `${state.lang}/${code}`;
  if (!state.forms.has(key)) {
    const response = await fetch(`${API}/markets/${encodeURIComponent(code)}/form`, {
      headers: { "Accept-Language": state.lang },
    });
    if (!response.ok) return null;
    state.forms.set(key, await response.json());
  }
  return state.forms.get(key);
}

function regionControl(regions) {
  // A select where the market lists its regions, else a text input; same id and path.
  const current = $(`${ADDRESS}.region`);
  const wanted = regions ? "SELECT" : "INPUT";
  let control = current;
  if (current.tagName !== wanted) {
    control = document.createElement(wanted.toLowerCase());
    for (const name of ["id", "autocomplete", "aria-describedby"]) {
      control.setAttribute(name, current.getAttribute(name));
    }
    control.dataset.field = current.dataset.field;
    if (wanted === "INPUT") control.maxLength = 100;
    current.replaceWith(control);
  }
  if (regions) {
    const chosen = control.value;
    control.replaceChildren(
      new Option(text("choose"), ""),
      ...regions.map((r) => new Option(r.name, r.code, false, r.code === chosen)),
    );
  }
}

function applyAddressForm(form) {
  state.form = form;
  const container = $("address-fields");
  const served = new Map(form.address.fields.map((field) => [field.name, field]));
  for (const element of container.querySelectorAll(".field[data-name]")) {
    element.hidden = !served.has(element.dataset.name);
  }
  for (const field of form.address.fields) {
    const wrapper = container.querySelector(`.field[data-name="${field.name}"]`);
    container.append(wrapper); // the market's own order
    if (field.name === "region") regionControl(form.address.regions);
    const input = $(`${ADDRESS}.${field.name}`);
    wrapper.querySelector(".label").textContent = field.label;
    wrapper.querySelector(".required").hidden = !field.required;
    input.required = field.required;
    input.setAttribute("autocomplete", `billing ${field.autocomplete}`);
    if (field.postal_code) {
      const rules = field.postal_code;
      const example = rules.examples[0] ?? "";
      input.setAttribute("pattern", rules.pattern);
      input.placeholder = example ? text("example_prefix", { example }) : "";
      input.autocapitalize = rules.uppercase ? "characters" : "off";
      $(`hint-${ADDRESS}.postal_code`).textContent = example ? text("postal_hint", { example }) : "";
    }
  }
  if (!served.has("region")) regionControl(null);
  territoryHint();
}

function applyPhoneForm(form) {
  const phone = form.phone;
  let hint = text("phone_hint", { code: phone.calling_code ?? "", max: phone.max_length });
  if (phone.example) hint += text("phone_example", { example: phone.example });
  $("hint-company_phone").textContent = hint;
  $("company_phone").placeholder = phone.example ? text("example_prefix", { example: phone.example }) : "";
}

// The tax ID field: shown where the market has a check, required where it needs one.
function applyTaxIdForm(form) {
  const tax = form.tax_id;
  const input = $("company_tax_id");
  $("field-company_tax_id").hidden = !tax;
  input.required = Boolean(tax?.required);
  $("required-company_tax_id").hidden = !tax?.required;
  $("label-company_tax_id").textContent = tax ? tax.label : "";
  // The preferred kind's example, saying a country prefix is fine only where it has one;
  // the company's other numbers (SIREN, UID...) named.
  const prefix = tax?.example?.match(/^[A-Z]{2,3}(?=[0-9])/)?.[0];
  const hint = prefix ? "tax_id_hint_prefixed" : "tax_id_hint";
  const others = (tax?.kinds || []).filter((k) => k.kind !== tax.preferred).map((k) => k.label);
  const also = others.length ? text("tax_id_others", { others: others.join(", ") }) : "";
  $("hint-company_tax_id").textContent = tax ? text(hint, { example: tax.example, prefix }) + also : "";
}

// A postcode of a market written under this one: said as soon as it is typed.
function territoryHint() {
  const slot = $(`msg-${ADDRESS}.postal_code`);
  for (const old of slot.querySelectorAll("[data-code='territory.hint']")) old.remove();
  // The server's answer says it already: one warning, from one source.
  if (slot.querySelector("[data-code='address.postal_code_other_market']")) return;
  const typed = ($(`${ADDRESS}.postal_code`).value || "").toUpperCase().replace(/[\s-]/g, "");
  if (!typed || !state.form) return;
  for (const territory of state.form.address.territories) {
    const byPrefix = territory.postal_code_prefixes.some((prefix) => typed.startsWith(prefix));
    const byPattern = territory.postal_code_pattern &&
      new RegExp(`^(?:${territory.postal_code_pattern})$`, "v").test(typed);
    if (byPrefix || byPattern) {
      const line = document.createElement("span");
      line.className = "warning";
      line.dataset.code = "territory.hint";
      line.textContent = text("territory", { name: territory.name });
      slot.append(line);
      return;
    }
  }
}

// ------------------------------------------------------------------ postcode lookup

// Where the market's postcodes can be looked up: as a postal code of the market's
// form is typed, its region and (when it has one place) its city are filled in, unless
// the person wrote them; a code with several places offers each; a code that does not
// exist is said at once. The server's check still has the last word.
async function lookupPostcode() {
  const postal = $(`${ADDRESS}.postal_code`);
  for (const slot of [$(`msg-${ADDRESS}.postal_code`), $(`msg-${ADDRESS}.city`)]) {
    for (const old of slot.querySelectorAll("[data-code^='lookup.']")) old.remove();
  }
  const typed = postal.value.trim().toUpperCase();
  const form = state.form;
  const rules = form?.address.fields.find((f) => f.name === "postal_code")?.postal_code;
  if (!typed || !form?.address.postal_code_lookup || !rules) return;
  if (!new RegExp(`^(?:${rules.pattern})$`, "v").test(typed)) return;
  // Another market's code is said by the territory hint already.
  if ($(`msg-${ADDRESS}.postal_code`).querySelector("[data-code='territory.hint']")) return;
  const country = $(`${ADDRESS}.country`).value;
  const key = `${state.lang}/${country}/${typed}`;
  if (!state.lookups.has(key)) {
    const response = await fetch(
      `${API}/markets/${encodeURIComponent(country)}/postal-codes/${encodeURIComponent(typed)}`,
      { headers: { "Accept-Language": state.lang } },
    );
    state.lookups.set(key, { ok: response.ok, body: await response.json() });
  }
  if (postal.value.trim().toUpperCase() !== typed) return; // typed on meanwhile
  const { ok, body: found } = state.lookups.get(key);
  if (!ok) {
    const slot = $(`msg-${ADDRESS}.postal_code`);
    // Said once: the server's own answer may say it already.
    if (found.errors?.[0]?.code === "postal_code.unknown" &&
        !slot.querySelector("[data-code='address.postal_code_unknown']")) {
      addLine(slot, "warning", "lookup.unknown", found.detail);
    }
    return;
  }
  fillFrom(found);
}

function addLine(slot, kind, code, message) {
  const line = document.createElement("span");
  line.className = kind;
  line.dataset.code = code;
  line.textContent = message;
  slot.append(line);
  return line;
}

function fillFrom(found) {
  const region = $(`${ADDRESS}.region`);
  if (found.region && region.tagName === "SELECT" && !region.closest("[hidden]") &&
      (!region.value || region.dataset.autofilled === "true") &&
      [...region.options].some((option) => option.value === found.region)) {
    region.value = found.region;
    region.dataset.autofilled = "true";
  }
  const city = $(`${ADDRESS}.city`);
  if (city.closest("[hidden]")) return; // a market whose addresses have no city (Japan)
  const places = found.places;
  const written = city.value.trim().toLocaleLowerCase();
  if (places.some((place) => place.toLocaleLowerCase() === written)) return;
  if (places.length === 1 && (!written || city.dataset.autofilled === "true")) {
    city.value = places[0];
    city.dataset.autofilled = "true";
  } else if (places.length > 1) {
    const slot = $(`msg-${ADDRESS}.city`);
    addLine(slot, "hint", "lookup.places", text("places"));
    for (const place of places.slice(0, 8)) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "suggestion";
      button.dataset.code = "lookup.place";
      button.textContent = place;
      button.addEventListener("click", () => {
        city.value = place;
        city.dataset.autofilled = "false";
        for (const old of slot.querySelectorAll("[data-code^='lookup.']")) old.remove();
        city.focus();
        scheduleCheck();
      });
      slot.append(button);
    }
  }
}

function scheduleLookup() {
  clearTimeout(state.lookupTimer);
  state.lookupTimer = setTimeout(lookupPostcode, 250);
}

// ------------------------------------------------------------------ the check's answer

function clearMessages() {
  for (const element of document.querySelectorAll(".message")) element.replaceChildren();
  for (const element of document.querySelectorAll("[aria-invalid]")) {
    element.removeAttribute("aria-invalid");
  }
  $("summary").replaceChildren();
  $("error-summary").hidden = true;
  $("error-summary-list").replaceChildren();
}

// The element a field path is shown under: the field's own message, else the
// nearest enclosing path's (billing_address.x -> billing_address), else the summary.
function messageSlot(path) {
  for (let p = path; p; p = p.includes(".") ? p.slice(0, p.lastIndexOf(".")) : "") {
    const slot = $(`msg-${p}`);
    if (slot && !slot.closest("[hidden]")) return slot;
  }
  return $("summary");
}

function useSuggestion(input, suggestion) {
  input.value = suggestion;
  input.focus(); // focus stays on the field that changed
  check({ summary: false });
}

function showFinding(finding, kind) {
  const line = document.createElement("span");
  line.className = kind;
  line.dataset.code = finding.code;
  line.textContent = finding.message;
  const input = $(finding.field);
  if (kind === "error" && input) input.setAttribute("aria-invalid", "true");
  const slot = messageSlot(finding.field);
  slot.append(line);
  if (finding.suggestion && input && kind === "error" &&
      !slot.querySelector(`button.suggestion[data-value="${CSS.escape(finding.suggestion)}"]`)) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "suggestion";
    button.dataset.value = finding.suggestion;
    button.textContent = text("use", { value: finding.suggestion });
    button.addEventListener("click", () => useSuggestion(input, finding.suggestion));
    slot.append(button);
  }
}

function firstPerField(findings) {
  const seen = new Set();
  return findings.filter((f) => !seen.has(f.field) && seen.add(f.field));
}

function showSummary(errors, title = "summary_title") {
  $("error-summary-title").textContent = text(title);
  $("error-summary-status").textContent = text("summary_hint");
  const list = $("error-summary-list");
  for (const finding of errors) {
    const target = $(finding.field) ?? messageSlot(finding.field).closest(".field, fieldset");
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = `#${finding.field}`;
    // The field's own label first: several fields can share a message ("required").
    const field = target?.matches("input, select") ? target : target?.querySelector("input, select");
    const name = field ? document.querySelector(`label[for="${CSS.escape(field.id)}"] span`) : null;
    const colon = state.lang === "fr" ? "\u202f: " : ": "; // French typography: a space before
    link.textContent = name ? `${name.textContent}${colon}${finding.message}` : finding.message;
    link.addEventListener("click", (event) => {
      event.preventDefault();
      field?.focus();
    });
    item.append(link);
    list.append(item);
  }
  $("error-summary").hidden = false;
  $("error-summary").focus();
}

async function check({ summary = true } = {}) {
  clearTimeout(state.timer); // a check asked for replaces the automatic one pending
  // An automatic check never cancels one the person asked for: its answer is awaited.
  if (!summary && state.inFlight?.submitted) return;
  if (state.inFlight) state.inFlight.abort();
  const controller = new AbortController();
  controller.submitted = summary;
  state.inFlight = controller;
  $("status").textContent = text("checking");
  let response;
  let result;
  try {
    response = await fetch(`${API}/checks/account-setup`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept-Language": state.lang },
      body: JSON.stringify(body()),
      signal: controller.signal,
    });
    result = await response.json();
  } catch (error) {
    if (error.name === "AbortError") return;
    clearMessages();
    $("status").textContent = text("failed", { detail: error.message });
    return;
  }
  if (state.inFlight !== controller) return;
  state.inFlight = null;
  state.checked = true;
  clearMessages();
  if (!response.ok) {
    // A problem+json: the request itself could not be read.
    $("status").textContent = text("failed", { detail: result.detail ?? response.status });
    for (const field of result.errors ?? []) {
      showFinding({ field: field.field, code: "request", message: field.message }, "error");
    }
    return;
  }
  // One message per field: its first error, else its first warning; the suggestion
  // button follows it (the first suggestion the field's errors offer).
  const shown = new Set();
  for (const [kind, findings] of [["error", result.errors], ["warning", result.warnings]]) {
    for (const finding of firstPerField(findings)) {
      if (shown.has(finding.field)) continue;
      shown.add(finding.field);
      const suggestion = kind === "error"
        ? result.errors.find((e) => e.field === finding.field && e.suggestion)?.suggestion
        : null;
      showFinding({ ...finding, suggestion: suggestion ?? null }, kind);
    }
  }
  territoryHint();
  lookupPostcode();
  const status = text(!result.valid ? "invalid" : result.warnings.length ? "valid_warned" : "valid");
  $("status").textContent = status;
  $("status").dataset.valid = String(result.valid);
  if (!summary) return;
  // Asked for: the answer is always shown and focused: the summary of what to correct
  // (errors, then warnings) or, with nothing to say, the status.
  const findings = [...firstPerField(result.errors), ...firstPerField(result.warnings)];
  if (findings.length) {
    showSummary(findings, result.valid ? "summary_title_warned" : "summary_title");
  } else {
    $("status").focus();
  }
}

function scheduleCheck() {
  if (!state.checked) return; // check on demand first, then as the person corrects
  clearTimeout(state.timer);
  state.timer = setTimeout(() => check({ summary: false }), 300);
}

// ------------------------------------------------------------------ start-up

async function loadMarkets() {
  const response = await fetch(`${API}/markets`, { headers: { "Accept-Language": state.lang } });
  const { markets } = await response.json();
  const collator = new Intl.Collator(state.lang);
  markets.sort((a, b) => collator.compare(a.name, b.name));
  for (const select of [$("market"), ...document.querySelectorAll("select.countries")]) {
    const chosen = select.value || DEFAULT_MARKET[state.lang];
    select.replaceChildren(
      ...markets.map((market) => new Option(market.name, market.code, false, market.code === chosen)),
    );
  }
}

async function shapeForm() {
  const [billing, market] = await Promise.all([
    loadForm($(`${ADDRESS}.country`).value), loadForm($("market").value),
  ]);
  if (billing) applyAddressForm(billing);
  if (market) {
    applyPhoneForm(market);
    applyTaxIdForm(market);
  }
}

async function setLanguage(lang) {
  state.lang = lang in UI ? lang : "en";
  document.documentElement.lang = state.lang;
  for (const element of document.querySelectorAll("[data-i18n]")) {
    element.textContent = text(element.dataset.i18n);
  }
  for (const button of document.querySelectorAll("button.lang")) {
    button.setAttribute("aria-pressed", String(button.dataset.lang === state.lang));
  }
  await loadMarkets();
  await shapeForm();
  if (state.checked) await check({ summary: false });
}

document.addEventListener("DOMContentLoaded", async () => {
  for (const button of document.querySelectorAll("button.lang")) {
    button.addEventListener("click", () => setLanguage(button.dataset.lang));
  }
  const form = $("signup");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    check();
  });
  form.addEventListener("input", (event) => {
    if (event.target.id === `${ADDRESS}.postal_code`) {
      territoryHint();
      scheduleLookup();
    }
    if (event.target.id === `${ADDRESS}.city`) event.target.dataset.autofilled = "false";
    if (event.target.id === `${ADDRESS}.region`) event.target.dataset.autofilled = "false";
    scheduleCheck();
  });
  form.addEventListener("change", async (event) => {
    if (event.target.id === `${ADDRESS}.country`) state.billingChosen = true;
    if (event.target.id === "legal_entity_address.country") state.legalChosen = true;
    if (event.target.id === "market" && !state.legalChosen) {
      const legal = $("legal_entity_address.country");
      if ([...legal.options].some((o) => o.value === event.target.value)) {
        legal.value = event.target.value;
      }
    }
    if (event.target.id === "market" && !state.billingChosen) {
      const billing = $(`${ADDRESS}.country`);
      if ([...billing.options].some((o) => o.value === event.target.value)) {
        billing.value = event.target.value;
      }
    }
    if (event.target.id === `${ADDRESS}.country` || event.target.id === "market") {
      await shapeForm();
      scheduleLookup();
    }
    if (event.target.id === `${ADDRESS}.postal_code` && state.form) {
      const rules = state.form.address.fields.find((f) => f.name === "postal_code")?.postal_code;
      if (rules?.uppercase) event.target.value = event.target.value.toUpperCase();
    }
    scheduleCheck();
  });
  const requested = new URLSearchParams(location.search).get("lang");
  const preferred = (navigator.language || "en").slice(0, 2).toLowerCase();
  await setLanguage(requested || preferred);
  document.body.dataset.ready = "true";
});
