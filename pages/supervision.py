"""督查督办: the month's findings proposed for issue, the register with its lights, each item's
steps and answers, the 督办通知单 per unit. Supervisors issue, return, extend and close; an
uploader sees and answers its own units' items; leaders see the register."""

import streamlit as st

from app import supervision, ui
from app.views import supervision_sections as sections

ui.require("supervision")
ui.banner()
st.title(ui.t("nav.supervision"))
if ui.empty_state(["units"]):
    st.stop()

account = ui.account()
supervising = supervision.may_supervise(account)
as_of = sections.as_of_input()
sections.counts(as_of)
supervision.notify_lights_quietly(ui.store(), ui.settings())

names = [ui.t("sup.tab.register"), ui.t("sup.tab.item")]
if supervising:
    names += [ui.t("sup.tab.propose"), ui.t("sup.tab.add")]
names.append(ui.t("sup.tab.notice"))
# Tabs that know which one is open: the month's proposals (a province's 150,000 findings) are
# found when a supervisor opens their tab, not on every view of the register.
tabs = st.tabs(names, key="sup_tab", on_change="rerun")
with tabs[0]:
    states = sections.register(as_of, account)
with tabs[1]:
    sections.item_panel(as_of, account, states)
if supervising:
    with tabs[2]:
        if tabs[2].open:
            sections.propose(account)
    with tabs[3]:
        sections.add_by_hand(account)
with tabs[-1]:
    sections.notice(as_of, account)
