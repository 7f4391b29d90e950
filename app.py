"""The dashboard's router: the sidebar filters, declared once for every page, then the page."""

import streamlit as st

from analysis.store import Store
from dashboard import access
from dashboard.data import store_root
from dashboard.downloads import PAGE_PATH_KEY
from dashboard.navigation import draw_page_links
from dashboard.recovery import readable_data
from dashboard.sidebar import draw_sidebar, share_view
from dashboard.versions import version_notice

st.set_page_config(
    page_title="Russia–Turkey on Syria", page_icon=":material/public:", layout="wide"
)
# Deployed (serve.py --deploy), a visitor who is not signed in with a role sees the sign-in or
# the no-access page and nothing else: the script stops there, before any data or sidebar.
user = access.gate()

# The page files live in views/, not pages/: with a pages/ folder next to app.py, Streamlit
# 1.67 routes the first request of a fresh server in the legacy multipage mode, so a shared
# deep link (/timeline?theme=…) opened first would run the page without this router.
PAGES = [
    st.Page("views/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("views/themes.py", title="Themes", icon=":material/category:"),
    st.Page("views/timeline.py", title="Timeline", icon=":material/timeline:"),
    st.Page("views/actors.py", title="Actors", icon=":material/groups:"),
    st.Page("views/acts.py", title="Speech acts", icon=":material/campaign:"),
    st.Page("views/compare.py", title="Compare", icon=":material/compare_arrows:"),
    st.Page("views/statements.py", title="Statements", icon=":material/format_quote:"),
    st.Page("views/data.py", title="Data", icon=":material/database:"),
]

page = st.navigation(PAGES, position="hidden")
page_links = st.sidebar.container()
# Declared here, before the page, the filter widgets belong to every page: a page switch keeps
# their values and their query parameters, and pages read them with current_filters().
data = readable_data()  # None when the store cannot be read: the page shows why
filters = None
if data is not None:
    filters = draw_sidebar(data)
    if data.store_version is not None:
        version_notice(Store(store_root()), data.store_version)
draw_page_links(page_links, PAGES, filters)
access.account_sidebar(user)
st.session_state[PAGE_PATH_KEY] = page.url_path
page.run()
if data is not None and filters is not None:
    share_view(data, filters)
