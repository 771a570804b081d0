"""Shared by the plot tests: what a reader sees on an axis."""


def labelled_y_ticks(ax) -> list[str]:
    """The labels of the y ticks inside the axes' view, after drawing, bottom to top."""
    ax.figure.canvas.draw()
    low, high = ax.get_ylim()
    return [tick.label1.get_text() for tick in ax.yaxis.get_major_ticks()
            if low <= tick.get_loc() <= high and tick.label1.get_text()]
