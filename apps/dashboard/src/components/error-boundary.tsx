// Catches a page's rendering error so the rest of the dashboard keeps working, and says what broke.
import { Component, type ComponentChildren } from 'preact';

export class ErrorBoundary extends Component<
  { children: ComponentChildren; name: string },
  { error: string | null }
> {
  override state = { error: null as string | null };

  override componentDidCatch(error: unknown): void {
    this.setState({ error: error instanceof Error ? error.message : String(error) });
  }

  override componentDidUpdate(previous: { name: string }): void {
    if (previous.name !== this.props.name && this.state.error !== null) this.setState({ error: null });
  }

  render() {
    if (this.state.error !== null)
      return (
        <p class="error" role="alert">
          This page failed: {this.state.error}
        </p>
      );
    return this.props.children;
  }
}
