"""County performance dashboard (县域发展绩效看板)."""

from app.memory import use_returning_allocators

use_returning_allocators()
