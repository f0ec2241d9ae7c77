"""Command palette: only what makes sense on the current screen, in Russian."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class DebitorkaCommands(Provider):
    def _commands(self) -> list[tuple[str, str, object]]:
        from .screens.call import CallScreen
        from .screens.history import HistoryScreen
        from .screens.leaderboard import LeaderboardScreen
        from .screens.picker import PickerScreen
        from .screens.report import ReportScreen

        app = self.app
        screen = self.screen
        out: list[tuple[str, str, object]] = []
        if not isinstance(screen, PickerScreen):
            out.append(("Новый звонок", "вернуться к выбору сценария", app.action_new_call))
        else:
            out.append(("Новый звонок", "начать выбранный сценарий", screen.action_start))
        if not isinstance(screen, HistoryScreen):
            out.append(("История звонков", "прошлые звонки на этом компьютере, их оценки", app.action_history))
        if not isinstance(screen, LeaderboardScreen):
            where = "группы" if app.group is not None else "сценария"
            out.append(("Рейтинг", f"рейтинг {where}: лучшие попытки, частые ошибки, кто вырос",
                        app.action_board))
        if isinstance(screen, CallScreen):
            out.append(("Завершить звонок", "положить трубку и перейти к разбору", screen.action_hang_up))
        elif app.group is None:  # a group fixes the mode
            other = "экзамен" if app.mode == "practice" else "тренировка"
            out.append((f"Режим: {other}", "переключить режим для следующего звонка", app.action_toggle_mode))
        if isinstance(screen, ReportScreen):
            out.append(("Повторить звонок", "тот же сценарий, тот же seed", screen.action_retry))
            out.append(("Сохранить разбор", "JSON, Markdown и расшифровка в файлы", screen.action_save))
        who = f" (сейчас: {app.trainee})" if app.trainee else ""
        out.append(("Сменить имя", f"имя, с которым сохраняются результаты{who}", app.action_rename))
        out.append(("Тема: светлая/тёмная", "переключить светлую и тёмную тему", app.action_toggle_dark))
        out.append(("Справка", "клавиши, режимы и все правила оценки", app.action_help))
        out.append(("Выход", "закрыть программу (звонок сохранён)", app.action_quit))
        for name in sorted(app.available_themes):
            out.append((f"Тема: {name}", "выбрать тему оформления", partial(app.set_theme, name)))
        return out

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            if title.startswith("Тема: ") and title != "Тема: светлая/тёмная":
                continue
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
