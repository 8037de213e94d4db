import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ErrorSummary } from './error-summary';

describe('ErrorSummary', () => {
  it('takes focus when errors appear and links each message to its field', () => {
    const { rerender } = render(
      <>
        <ErrorSummary errors={[]} />
        <input id="email" aria-label="Email" />
      </>,
    );
    expect(screen.queryByRole('alert')).toBeNull();
    rerender(
      <>
        <ErrorSummary errors={[{ field: 'email', message: 'Enter your email address' }]} />
        <input id="email" aria-label="Email" />
      </>,
    );
    const summary = screen.getByRole('alert');
    expect(summary).toHaveFocus();
    expect(screen.getByRole('link', { name: 'Enter your email address' })).toHaveAttribute(
      'href',
      '#email',
    );
    screen.getByRole('link', { name: 'Enter your email address' }).click();
    expect(screen.getByLabelText('Email')).toHaveFocus();
  });
});
